import PusherServer from "pusher";
import Pusher, { type Channel } from "pusher-js";
import { type Db } from "~/db/client";
import { authorizeChannel } from "~/server/realtime/channel-auth";

export const TEST_APP = { appId: "recall-int", key: "int-key", secret: "int-secret" };

/** Rejects instead of hanging when an awaited event never comes. */
export function within<T>(promise: Promise<T>, label: string, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function serverSdk(port: number) {
  return new PusherServer({ ...TEST_APP, host: "127.0.0.1", port: String(port), useTLS: false });
}

/**
 * The official pusher-js client, authorised the way /api/pusher/auth does it: membership checked
 * in the database, then signed with the SDK.
 */
export function memberClient(db: Db, userId: string, port: number, opts: { signIn?: boolean } = {}): Pusher {
  const signer = serverSdk(port);
  const client = new Pusher(TEST_APP.key, {
    cluster: "local",
    wsHost: "127.0.0.1",
    wsPort: port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      endpoint: "unused",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => {
        authorizeChannel(db, userId, channelName, socketId).then(
          (d) =>
            d.ok
              ? callback(null, signer.authorizeChannel(socketId, channelName))
              : callback(new Error(d.message), null),
          (e: Error) => callback(e, null),
        );
      },
    },
    // As /api/pusher/user-auth does: the socket is signed in as the session's user.
    userAuthentication: {
      endpoint: "unused",
      transport: "ajax",
      customHandler: ({ socketId }, callback) => callback(null, signer.authenticateUser(socketId, { id: userId })),
    },
  });
  if (opts.signIn) client.signin();
  return client;
}

export function subscribed(channel: Channel): Promise<void> {
  return within(
    new Promise((resolve, reject) => {
      channel.bind("pusher:subscription_succeeded", () => resolve());
      channel.bind("pusher:subscription_error", (e: unknown) =>
        reject(new Error(`subscription failed: ${JSON.stringify(e)}`)),
      );
    }),
    `subscription to ${channel.name}`,
  );
}

/** Every event received on a channel, in order, as [name, data]. */
export function recordAll(channel: Channel): [string, unknown][] {
  const seen: [string, unknown][] = [];
  channel.bind_global((name: string, data: unknown) => {
    if (!name.startsWith("pusher:")) seen.push([name, data]);
  });
  return seen;
}

/** Resolves when `predicate` holds over the recorded events. */
export function until(
  seen: [string, unknown][],
  predicate: (seen: [string, unknown][]) => boolean,
  label: string,
  ms = 5_000,
) {
  return within(
    new Promise<void>((resolve) => {
      const tick = () => (predicate(seen) ? resolve() : setTimeout(tick, 10));
      tick();
    }),
    label,
    ms,
  );
}
