import Pusher from "pusher-js";
import { type AppHandle } from "../bench/lib/app";
import { type BenchUser, sessionCookie } from "../bench/lib/session";
import { connectDevice, type SimDevice } from "../test/convergence/device-model";
import { type AppClient, trpcClient } from "../test/trpc-client";
import { CHECK_ORACLE } from "./options";
import { counters } from "./counters";

// Devices and clients: the simulated devices (half on each instance) and the actors' tRPC clients.

export type Api = AppClient;

/** Batched: a device's catch-up sends its concurrent calls in one request, as the browser does. */
export function apiFor(baseUrl: string, cookie: string): Api {
  return trpcClient({ url: `${baseUrl}/api/trpc`, headers: { cookie }, batch: true });
}

function pusherClient(realtime: AppHandle["realtime"], baseUrl: string, cookie: string): Pusher {
  return new Pusher(realtime.key, {
    cluster: "local",
    wsHost: "127.0.0.1",
    wsPort: realtime.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      endpoint: `${baseUrl}/api/pusher/auth`,
      transport: "ajax",
      // pusher-js's Node ajax transport cannot send our cookie: post the same form ourselves.
      customHandler: ({ socketId, channelName }, callback) => {
        fetch(`${baseUrl}/api/pusher/auth`, {
          method: "POST",
          headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }).toString(),
        })
          .then(async (res) => {
            if (!res.ok) throw new Error(`channel auth ${res.status}: ${await res.text()}`);
            callback(null, (await res.json()) as { auth: string });
          })
          .catch((e: Error) => callback(e, null));
      },
    },
  });
}

export async function makeDevice(
  i: number,
  user: BenchUser,
  conversations: string[],
  apps: { A: AppHandle; B: AppHandle },
): Promise<SimDevice> {
  const instance = i % 2 === 0 ? "A" : "B";
  const baseUrl = apps[instance].baseUrl;
  const cookie = await sessionCookie(apps.A.nextAuthSecret, user);
  const api = apiFor(baseUrl, cookie);
  return connectDevice({
    name: `device-${i}`,
    userId: user.id,
    conversations,
    api: { history: (input) => api.message.history.query(input), changes: (input) => api.sync.changes.query(input) },
    client: pusherClient(apps.A.realtime, baseUrl, cookie),
    // --check-oracle: the first device swallows one recall event and never fetches by version.
    faults: CHECK_ORACLE && i === 0 ? { dropOneRecall: true, noCatchUp: true } : undefined,
    onEvent: (event) => (counters.eventsByKind[event] = (counters.eventsByKind[event] ?? 0) + 1),
  });
}
