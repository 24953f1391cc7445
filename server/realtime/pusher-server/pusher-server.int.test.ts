import { createHash, createHmac } from "node:crypto";
import PusherServer from "pusher";
import Pusher, { type Channel, type PresenceChannel } from "pusher-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Limits } from "./protocol";
import { startPusherServer, type RunningPusherServer } from "./server";

const APP = { appId: "recall-test", key: "test-key", secret: "test-secret" };
const SOCKET_ID = /^\d+\.\d+$/;
const WAIT_MS = 5_000;

/** Rejects instead of hanging when the awaited protocol event never comes. */
function within<T>(promise: Promise<T>, label: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Bindable {
  bind(event: string, callback: (...args: never[]) => void): unknown;
  unbind(event: string, callback: (...args: never[]) => void): unknown;
}

function once<T = unknown>(target: Bindable, event: string, label = event): Promise<T> {
  return within(
    new Promise<T>((resolve) => {
      const handler = (data: T) => {
        target.unbind(event, handler);
        resolve(data);
      };
      target.bind(event, handler);
    }),
    label,
  );
}

/** Collects every payload of an event so a test can assert on what did (not) arrive. */
function record<T = unknown>(target: Bindable, event: string): T[] {
  const seen: T[] = [];
  target.bind(event, (data: T) => seen.push(data));
  return seen;
}

function subscribed(channel: Channel): Promise<unknown> {
  return within(
    new Promise((resolve, reject) => {
      channel.bind("pusher:subscription_succeeded", resolve);
      channel.bind("pusher:subscription_error", (error: unknown) =>
        reject(new Error(`subscription failed: ${JSON.stringify(error)}`)),
      );
    }),
    `subscription to ${channel.name}`,
  );
}

interface SubscriptionError {
  type: string;
  error: string;
  status: number;
}

function subscriptionFailed(channel: Channel): Promise<SubscriptionError> {
  return within(
    new Promise((resolve, reject) => {
      channel.bind("pusher:subscription_error", resolve);
      channel.bind("pusher:subscription_succeeded", () => reject(new Error(`${channel.name} unexpectedly subscribed`)));
    }),
    `subscription error on ${channel.name}`,
  );
}

type Authorize = (socketId: string, channel: string) => { auth: string; channel_data?: string };

interface ClientOptions {
  key?: string;
  /** Presence identity used by the default authoriser. */
  user?: { user_id: string; user_info?: Record<string, unknown> };
  authorize?: Authorize;
  signinAs?: { id: string; user_info?: Record<string, unknown> };
}

/** A harness around one running server: official SDKs on both sides, all cleaned up. */
/**
 * Protocol tests exercise public channels and client events, which the server leaves off unless
 * enabled (the app uses neither), and open hundreds of sockets from 127.0.0.1; `serverDefaults`
 * runs the server exactly as shipped.
 */
function harness(
  serverOptions: { activityTimeoutSeconds?: number; limits?: Partial<Limits> } = {},
  { serverDefaults = false } = {},
) {
  const state = {
    server: undefined as RunningPusherServer | undefined,
    sdk: undefined as PusherServer | undefined,
  };
  const clients: Pusher[] = [];
  const rawSockets: WebSocket[] = [];

  beforeAll(async () => {
    const limits = serverDefaults
      ? serverOptions.limits
      : { publicChannels: true, clientEvents: true, maxConnectionsPerIp: 1000, ...serverOptions.limits };
    state.server = await startPusherServer({ ...APP, port: 0, ...serverOptions, limits });
    state.sdk = new PusherServer({ ...APP, host: "127.0.0.1", port: String(state.server.port), useTLS: false });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
    for (const ws of rawSockets.splice(0)) ws.terminate();
  });

  afterAll(async () => {
    await state.server?.close();
  });

  const server = () => {
    if (!state.server) throw new Error("server not started");
    return state.server;
  };
  const sdk = () => {
    if (!state.sdk) throw new Error("sdk not created");
    return state.sdk;
  };

  function client(options: ClientOptions = {}): Pusher {
    const authorize: Authorize =
      options.authorize ??
      ((socketId, channel) =>
        sdk().authorizeChannel(socketId, channel, channel.startsWith("presence-") ? options.user : undefined));
    const pusher = new Pusher(options.key ?? APP.key, {
      cluster: "local",
      wsHost: "127.0.0.1",
      wsPort: server().port,
      forceTLS: false,
      enabledTransports: ["ws"],
      disableStats: true,
      channelAuthorization: {
        customHandler: ({ socketId, channelName }, callback) => {
          try {
            callback(null, authorize(socketId, channelName));
          } catch (error) {
            callback(error as Error, null);
          }
        },
      },
      userAuthentication: {
        customHandler: ({ socketId }, callback) => {
          if (!options.signinAs) return callback(new Error("no sign-in identity configured"), null);
          callback(null, sdk().authenticateUser(socketId, options.signinAs));
        },
      },
    });
    clients.push(pusher);
    return pusher;
  }

  async function connectedClient(options: ClientOptions = {}): Promise<Pusher> {
    const pusher = client(options);
    await once(pusher.connection, "connected", "pusher-js connected");
    return pusher;
  }

  async function subscribedClient(
    channelName: string,
    options: ClientOptions = {},
  ): Promise<{ pusher: Pusher; channel: Channel }> {
    const pusher = await connectedClient(options);
    const channel = pusher.subscribe(channelName);
    await subscribed(channel);
    return { pusher, channel };
  }

  function raw(
    path = `/app/${APP.key}?protocol=7&client=js&version=8.6.0&flash=false`,
    options: WebSocket.ClientOptions = {},
  ): RawClient {
    const ws = new WebSocket(`${server().url}${path}`, options);
    rawSockets.push(ws);
    return new RawClient(ws);
  }

  return { server, sdk, client, connectedClient, subscribedClient, raw };
}

interface Frame {
  event: string;
  channel?: string;
  data?: unknown;
  user_id?: string;
}

/** A bare ws client for wire-level assertions pusher-js would hide. */
class RawClient {
  private readonly frames: Frame[] = [];
  private readonly waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      const waiter = this.waiters.findIndex((w) => w.match(frame));
      if (waiter === -1) this.frames.push(frame);
      else this.waiters.splice(waiter, 1)[0]?.resolve(frame);
    });
    this.closed = new Promise((resolve) =>
      ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    this.opened = new Promise((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
  }

  /** Next frame matching (buffered or future), in arrival order. */
  next(match: (f: Frame) => boolean = () => true, label = "frame"): Promise<Frame> {
    const index = this.frames.findIndex(match);
    if (index !== -1) return Promise.resolve(this.frames.splice(index, 1)[0] as Frame);
    return within(new Promise((resolve) => this.waiters.push({ match, resolve })), label);
  }

  event(name: string, channel?: string): Promise<Frame> {
    return this.next(
      (f) => f.event === name && (channel === undefined || f.channel === channel),
      `${name}${channel ? ` on ${channel}` : ""}`,
    );
  }

  /** Frames received and not yet consumed by next(). */
  pending(): readonly Frame[] {
    return this.frames;
  }

  send(frame: Frame): void {
    this.ws.send(JSON.stringify(frame));
  }

  async handshake(): Promise<string> {
    const frame = await this.event("pusher:connection_established");
    return (JSON.parse(frame.data as string) as { socket_id: string }).socket_id;
  }

  closedWithin(label: string, ms = WAIT_MS) {
    return within(this.closed, label, ms);
  }
}

describe("handshake and connection lifecycle", () => {
  const h = harness();

  it("sends connection_established first, with data as a JSON string holding socket_id and activity_timeout", async () => {
    const rc = h.raw();
    const first = await rc.next(() => true, "first frame");
    expect(first.event).toBe("pusher:connection_established");
    expect(typeof first.data).toBe("string");
    const data = JSON.parse(first.data as string) as { socket_id: string; activity_timeout: number };
    expect(data.socket_id).toMatch(SOCKET_ID);
    expect(data.activity_timeout).toBe(120);
  });

  it("connects pusher-js and gives each connection a distinct, SDK-valid socket id", async () => {
    const a = await h.connectedClient();
    const b = await h.connectedClient();
    expect(a.connection.state).toBe("connected");
    expect(a.connection.socket_id).toMatch(SOCKET_ID);
    expect(b.connection.socket_id).toMatch(SOCKET_ID);
    expect(a.connection.socket_id).not.toBe(b.connection.socket_id);
    // The server SDK validates socket ids in authorizeChannel; it must accept ours.
    expect(() => h.sdk().authorizeChannel(a.connection.socket_id, "private-x")).not.toThrow();
    expect(h.server().stats().connections).toBeGreaterThanOrEqual(2);
  });

  it("answers pusher:ping with pusher:pong", async () => {
    const rc = h.raw();
    await rc.handshake();
    rc.send({ event: "pusher:ping", data: {} });
    const pong = await rc.event("pusher:pong");
    expect(pong).toEqual({ event: "pusher:pong", data: {} });
  });

  it("refuses a wrong app key with pusher:error 4001 and close code 4001", async () => {
    const rc = h.raw("/app/wrong-key?protocol=7&client=js&version=8.6.0");
    const error = await rc.event("pusher:error");
    expect(error.data).toEqual({ code: 4001, message: "App key wrong-key does not exist." });
    const { code } = await rc.closedWithin("close after wrong key");
    expect(code).toBe(4001);
  });

  it("makes pusher-js give up on a wrong app key", async () => {
    const pusher = h.client({ key: "wrong-key" });
    // During the handshake pusher-js wraps the server's pusher:error in a WebSocketError.
    const error = await once<{ type: string; error: { type: string; data: { code: number } } }>(
      pusher.connection,
      "error",
      "pusher-js error for wrong key",
    );
    expect(error).toMatchObject({ type: "WebSocketError", error: { type: "PusherError", data: { code: 4001 } } });
    if (pusher.connection.state !== "disconnected")
      await once(pusher.connection, "disconnected", "pusher-js disconnected");
    expect(pusher.connection.state).toBe("disconnected");
  });

  it("closes connections on unknown paths with 4005 and unsupported protocols with 4007", async () => {
    const wrongPath = h.raw("/socket?protocol=7");
    expect((await wrongPath.closedWithin("close on wrong path")).code).toBe(4005);
    const oldProtocol = h.raw(`/app/${APP.key}?protocol=3`);
    expect((await oldProtocol.closedWithin("close on old protocol")).code).toBe(4007);
  });

  it("answers a malformed frame with pusher:error without closing", async () => {
    const rc = h.raw();
    await rc.handshake();
    rc.ws.send("not json");
    const error = await rc.event("pusher:error");
    expect((error.data as { code: unknown }).code).toBeNull();
    rc.send({ event: "pusher:ping", data: {} });
    await rc.event("pusher:pong");
    expect(rc.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe("server-side liveness", () => {
  const h = harness({ activityTimeoutSeconds: 1 });

  it("advertises the configured activity timeout", async () => {
    const rc = h.raw();
    const frame = await rc.event("pusher:connection_established");
    expect(JSON.parse(frame.data as string)).toMatchObject({ activity_timeout: 1 });
  });

  it("closes an idle socket that does not answer pings with 4201, and keeps one that does", async () => {
    const silent = h.raw(undefined, { autoPong: false });
    const responsive = h.raw();
    await Promise.all([silent.handshake(), responsive.handshake()]);
    const { code } = await silent.closedWithin("4201 close of unresponsive socket", 10_000);
    expect(code).toBe(4201);
    // Both were idle for the same time; only the silent one may be dropped.
    expect(responsive.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe("public channels", () => {
  const h = harness();

  it("delivers a triggered event to a subscriber, with data forwarded as the SDK's string", async () => {
    const { channel } = await h.subscribedClient("chat-room");
    const received = once<{ text: string }>(channel, "msg");
    const rc = h.raw();
    await rc.handshake();
    rc.send({ event: "pusher:subscribe", data: { auth: "", channel: "chat-room" } });
    await rc.event("pusher_internal:subscription_succeeded", "chat-room");

    await h.sdk().trigger("chat-room", "msg", { text: "hi" });
    expect(await received).toEqual({ text: "hi" });
    expect(await rc.event("msg", "chat-room")).toEqual({ event: "msg", channel: "chat-room", data: '{"text":"hi"}' });
  });

  it("delivers one event published to several channels once per channel", async () => {
    const pusher = await h.connectedClient();
    const a = pusher.subscribe("multi-a");
    const b = pusher.subscribe("multi-b");
    await Promise.all([subscribed(a), subscribed(b)]);
    const gotA = record(a, "ping");
    const gotB = record(b, "ping");
    const marker = once(b, "done");
    await h.sdk().trigger(["multi-a", "multi-b"], "ping", { n: 1 });
    await h.sdk().trigger("multi-b", "done", {});
    await marker;
    expect(gotA).toEqual([{ n: 1 }]);
    expect(gotB).toEqual([{ n: 1 }]);
  });

  it("stops delivery after unsubscribe", async () => {
    const pusher = await h.connectedClient();
    const leaving = pusher.subscribe("leave-me");
    const staying = pusher.subscribe("stay-here");
    await Promise.all([subscribed(leaving), subscribed(staying)]);
    // pusher-js drops events for channels it no longer holds, so watch the raw inbound stream.
    const leftovers: unknown[] = [];
    pusher.connection.bind("message", (message: { channel?: string }) => {
      if (message.channel === "leave-me") leftovers.push(message);
    });

    pusher.unsubscribe("leave-me");
    // Frames are processed in order, so once this later subscribe succeeds the unsubscribe has been applied.
    await subscribed(pusher.subscribe("after-leave"));
    const info = await (
      await h.sdk().get({ path: "/channels/leave-me", params: { info: "subscription_count" } })
    ).json();
    expect(info).toEqual({ occupied: false, subscription_count: 0 });

    const marker = once(staying, "marker");
    await h.sdk().trigger("leave-me", "should-not-arrive", {});
    await h.sdk().trigger("stay-here", "marker", {});
    await marker;
    expect(leftovers).toEqual([]);
  });

  it("excludes the connection named by socket_id", async () => {
    const { pusher: sender, channel: senderChannel } = await h.subscribedClient("exclusive");
    const { channel: otherChannel } = await h.subscribedClient("exclusive");
    const senderGot = record(senderChannel, "update");
    const otherGot = once(otherChannel, "update");

    await h.sdk().trigger("exclusive", "update", { v: 1 }, { socket_id: sender.connection.socket_id });
    expect(await otherGot).toEqual({ v: 1 });

    const marker = once(senderChannel, "update-2");
    await h.sdk().trigger("exclusive", "update-2", {});
    await marker;
    expect(senderGot).toEqual([]);
  });

  it("delivers a batch trigger in order", async () => {
    const pusher = await h.connectedClient();
    const one = pusher.subscribe("batch-one");
    const two = pusher.subscribe("batch-two");
    await Promise.all([subscribed(one), subscribed(two)]);
    const seen: string[] = [];
    pusher.connection.bind("message", (m: { event: string; channel?: string }) => {
      if (m.channel?.startsWith("batch-")) seen.push(`${m.channel}:${m.event}`);
    });
    const last = once(two, "e3");

    const res = await h.sdk().triggerBatch([
      { channel: "batch-one", name: "e1", data: { i: 1 } },
      { channel: "batch-two", name: "e2", data: { i: 2 } },
      { channel: "batch-two", name: "e3", data: "plain string" },
    ]);
    expect(res.status).toBe(200);
    expect(await last).toBe("plain string");
    expect(seen).toEqual(["batch-one:e1", "batch-two:e2", "batch-two:e3"]);
  });

  it("answers batch info aligned with the request", async () => {
    await h.subscribedClient("batch-info");
    const res = await h.sdk().triggerBatch([
      { channel: "batch-info", name: "a", data: {}, info: "subscription_count" },
      { channel: "nobody-here", name: "b", data: {} },
    ]);
    expect(await res.json()).toEqual({ batch: [{ subscription_count: 1 }, {}] });
  });

  it("treats a repeated subscribe as idempotent and rejects invalid channel names", async () => {
    const rc = h.raw();
    await rc.handshake();
    rc.send({ event: "pusher:subscribe", data: { auth: "", channel: "twice" } });
    rc.send({ event: "pusher:subscribe", data: { auth: "", channel: "twice" } });
    await rc.event("pusher_internal:subscription_succeeded", "twice");
    await rc.event("pusher_internal:subscription_succeeded", "twice");
    const info = await (await h.sdk().get({ path: "/channels/twice", params: { info: "subscription_count" } })).json();
    expect(info).toEqual({ occupied: true, subscription_count: 1 });

    rc.send({ event: "pusher:subscribe", data: { auth: "", channel: "bad name!" } });
    const error = await rc.event("pusher:subscription_error", "bad name!");
    expect(error.data).toMatchObject({ type: "InvalidChannel", status: 4009 });
  });

  it("fans out one publish to many subscribers", async () => {
    const count = 200;
    const sockets = Array.from({ length: count }, () => h.raw());
    await Promise.all(
      sockets.map(async (rc) => {
        await rc.handshake();
        rc.send({ event: "pusher:subscribe", data: { auth: "", channel: "crowd" } });
        await rc.event("pusher_internal:subscription_succeeded", "crowd");
      }),
    );
    expect(h.server().stats().channels).toBeGreaterThanOrEqual(1);
    await h.sdk().trigger("crowd", "hello", { to: "all" });
    const frames = await Promise.all(sockets.map((rc) => rc.event("hello", "crowd")));
    expect(frames).toHaveLength(count);
    for (const frame of frames) expect(frame.data).toBe('{"to":"all"}');
  });
});

describe("private channels", () => {
  const h = harness();

  it("subscribes with a valid signature", async () => {
    const { channel } = await h.subscribedClient("private-ok");
    const got = once(channel, "secret");
    await h.sdk().trigger("private-ok", "secret", { s: 1 });
    expect(await got).toEqual({ s: 1 });
  });

  it("rejects a signature made with the wrong secret", async () => {
    const forger = new PusherServer({
      ...APP,
      secret: "not-the-secret",
      host: "127.0.0.1",
      port: String(h.server().port),
      useTLS: false,
    });
    const pusher = await h.connectedClient({
      authorize: (socketId, channel) => forger.authorizeChannel(socketId, channel),
    });
    const connectionError = once<{ type: string; data: { code: unknown; message: string } }>(
      pusher.connection,
      "error",
      "connection-level pusher:error",
    );
    const error = await subscriptionFailed(pusher.subscribe("private-forged"));
    expect(error).toMatchObject({ type: "AuthError", status: 401 });
    expect(error.error).toMatch(/^Invalid signature/);
    expect((await connectionError).data).toMatchObject({ code: null });
    const info = await (await h.sdk().get({ path: "/channels/private-forged" })).json();
    expect(info).toEqual({ occupied: false });
  });

  it("rejects a signature for another socket", async () => {
    const pusher = await h.connectedClient({
      authorize: (_socketId, channel) => h.sdk().authorizeChannel("1234.5678", channel),
    });
    expect(await subscriptionFailed(pusher.subscribe("private-stolen"))).toMatchObject({
      type: "AuthError",
      status: 401,
    });
  });

  it("rejects an empty or missing signature", async () => {
    const pusher = await h.connectedClient({ authorize: () => ({ auth: "" }) });
    expect(await subscriptionFailed(pusher.subscribe("private-empty"))).toMatchObject({
      type: "AuthError",
      status: 401,
    });

    const rc = h.raw();
    await rc.handshake();
    rc.send({ event: "pusher:subscribe", data: { channel: "private-no-auth" } });
    const error = await rc.event("pusher:subscription_error", "private-no-auth");
    expect(error.data).toMatchObject({ type: "AuthError", status: 401 });
  });

  it("delivers client events to other subscribers but never back to the sender", async () => {
    const { channel: a } = await h.subscribedClient("private-chat");
    const { channel: b } = await h.subscribedClient("private-chat");
    const aGot = record(a, "client-typing");
    const bGot = once(b, "client-typing");

    expect(a.trigger("client-typing", { who: "a" })).toBe(true);
    expect(await bGot).toEqual({ who: "a" });

    // B's reply is sent only after A's event was fanned out, so an echo to A would arrive first.
    const reply = once(a, "client-reply");
    b.trigger("client-reply", { ok: true });
    expect(await reply).toEqual({ ok: true });
    expect(aGot).toEqual([]);
  });

  it("rejects client events on public channels", async () => {
    const sender = await h.connectedClient();
    const receiver = await h.connectedClient();
    const [sPublic, sPrivate] = [sender.subscribe("lobby"), sender.subscribe("private-side")];
    const [rPublic, rPrivate] = [receiver.subscribe("lobby"), receiver.subscribe("private-side")];
    await Promise.all([sPublic, sPrivate, rPublic, rPrivate].map(subscribed));
    const leaked = record(rPublic, "client-shout");
    const rejection = once<{ data: { message: string } }>(sender.connection, "error", "client event rejection");

    sPublic.trigger("client-shout", { loud: true });
    expect((await rejection).data.message).toMatch(/only supported on private and presence channels/);

    const marker = once(rPrivate, "client-marker");
    sPrivate.trigger("client-marker", {});
    await marker;
    expect(leaked).toEqual([]);
  });

  it("rejects client events on channels the sender is not subscribed to", async () => {
    const outsider = await h.connectedClient();
    const member = await h.connectedClient();
    const [oShared, mShared, mTarget] = [
      outsider.subscribe("private-shared"),
      member.subscribe("private-shared"),
      member.subscribe("private-target"),
    ];
    await Promise.all([oShared, mShared, mTarget].map(subscribed));
    const leaked = record(mTarget, "client-sneak");
    const rejection = once<{ data: { message: string } }>(outsider.connection, "error", "client event rejection");

    outsider.send_event("client-sneak", { x: 1 }, "private-target");
    expect((await rejection).data.message).toMatch(/must be subscribed/);

    const marker = once(mShared, "client-marker");
    oShared.trigger("client-marker", {});
    await marker;
    expect(leaked).toEqual([]);
  });

  it("rate-limits client events to 10 per second per connection without closing", async () => {
    const rc = h.raw();
    const socketId = await rc.handshake();
    rc.send({
      event: "pusher:subscribe",
      data: { channel: "private-rate", auth: h.sdk().authorizeChannel(socketId, "private-rate").auth },
    });
    await rc.event("pusher_internal:subscription_succeeded", "private-rate");
    for (let i = 0; i < 11; i++) rc.send({ event: "client-burst", channel: "private-rate", data: { i } });
    const error = await rc.event("pusher:error", "private-rate");
    expect(error.data).toMatchObject({ code: 4301 });
    rc.send({ event: "pusher:ping", data: {} });
    await rc.event("pusher:pong");
    expect(rc.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe("client events switched off (the default, and Recall's setting)", () => {
  const h = harness({ limits: { clientEvents: false } });

  it("refuses client events with Pusher's 4301 and delivers nothing to other subscribers", async () => {
    const { pusher: sender, channel: s } = await h.subscribedClient("private-conversation-x");
    const { channel: r } = await h.subscribedClient("private-conversation-x");
    const leaked = record(r, "client-inject");
    const rejection = once<{ data: { code: number; message: string } }>(
      sender.connection,
      "error",
      "client event rejection",
    );
    s.trigger("client-inject", { body: "forged" });
    expect((await rejection).data).toMatchObject({ code: 4301, message: expect.stringMatching(/enable this feature/) });
    // A server event published after the attempt arrives; the forged one never did.
    const marker = once(r, "marker");
    await h.sdk().trigger("private-conversation-x", "marker", {});
    await marker;
    expect(leaked).toEqual([]);
  });
});

describe("presence channels", () => {
  const h = harness();
  const ann = { user_id: "1", user_info: { name: "Ann" } };
  const bob = { user_id: "2", user_info: { name: "Bob" } };
  const cat = { user_id: "3", user_info: { name: "Cat" } };

  function members(channel: PresenceChannel): Record<string, unknown> {
    const all: Record<string, unknown> = {};
    channel.members.each((m: { id: string; info: unknown }) => (all[m.id] = m.info));
    return all;
  }

  it("sends the member list on subscribe and announces joins and leaves to others", async () => {
    const { channel: annChannel } = await h.subscribedClient("presence-room", { user: ann });
    const a = annChannel as PresenceChannel;
    expect(a.members.count).toBe(1);
    expect(a.members.me).toMatchObject({ id: "1", info: { name: "Ann" } });

    const added = once<{ id: string; info: unknown }>(a, "pusher:member_added");
    const { pusher: bobClient, channel: bobChannel } = await h.subscribedClient("presence-room", { user: bob });
    const b = bobChannel as PresenceChannel;
    expect(b.members.count).toBe(2);
    expect(members(b)).toEqual({ "1": { name: "Ann" }, "2": { name: "Bob" } });
    expect(await added).toMatchObject({ id: "2", info: { name: "Bob" } });
    expect(a.members.count).toBe(2);

    const removed = once<{ id: string }>(a, "pusher:member_removed");
    bobClient.disconnect();
    expect(await removed).toMatchObject({ id: "2" });
    expect(a.members.count).toBe(1);
  });

  it("counts a user once across connections and announces only first join and last leave", async () => {
    const { channel } = await h.subscribedClient("presence-dedupe", { user: ann });
    const watcher = channel as PresenceChannel;
    const added = record<{ id: string }>(watcher, "pusher:member_added");
    const removed = record<{ id: string }>(watcher, "pusher:member_removed");

    const { pusher: bob1 } = await h.subscribedClient("presence-dedupe", { user: bob });
    const { pusher: bob2, channel: bob2Channel } = await h.subscribedClient("presence-dedupe", { user: bob });
    expect((bob2Channel as PresenceChannel).members.count).toBe(2);
    // Cat joining after both Bob connections proves no second member_added for Bob was queued before it.
    const catJoined = once(watcher, "pusher:member_added", "cat joined");
    const { pusher: catClient } = await h.subscribedClient("presence-dedupe", { user: cat });
    await catJoined;
    expect(added.map((m) => m.id)).toEqual(["2", "3"]);

    const users = await (await h.sdk().get({ path: "/channels/presence-dedupe/users" })).json();
    expect(users).toEqual({ users: [{ id: "1" }, { id: "2" }, { id: "3" }] });
    const info = await (
      await h.sdk().get({ path: "/channels/presence-dedupe", params: { info: "user_count,subscription_count" } })
    ).json();
    expect(info).toEqual({ occupied: true, user_count: 3, subscription_count: 4 });

    bob1.disconnect();
    const catLeft = once(watcher, "pusher:member_removed", "cat left");
    catClient.disconnect();
    await catLeft;
    expect(removed.map((m) => m.id)).toEqual(["3"]);

    const bobLeft = once<{ id: string }>(watcher, "pusher:member_removed", "bob left");
    bob2.disconnect();
    expect(await bobLeft).toMatchObject({ id: "2" });
  });

  it("announces member_removed on unsubscribe", async () => {
    const { channel } = await h.subscribedClient("presence-unsub", { user: ann });
    const { pusher: bobClient } = await h.subscribedClient("presence-unsub", { user: bob });
    const removed = once<{ id: string }>(channel, "pusher:member_removed");
    bobClient.unsubscribe("presence-unsub");
    expect(await removed).toMatchObject({ id: "2" });
  });

  it("adds the sender's user_id to client events", async () => {
    const { channel: a } = await h.subscribedClient("presence-typing", { user: ann });
    const { channel: b } = await h.subscribedClient("presence-typing", { user: bob });
    const got = within(
      new Promise<[unknown, { user_id?: string }]>((resolve) =>
        b.bind("client-typing", (data: unknown, meta: { user_id?: string }) => resolve([data, meta])),
      ),
      "presence client event",
    );
    a.trigger("client-typing", { typing: true });
    const [data, meta] = await got;
    expect(data).toEqual({ typing: true });
    expect(meta.user_id).toBe("1");
  });

  it("rejects channel_data that does not match the signature", async () => {
    const pusher = await h.connectedClient({
      authorize: (socketId, channel) => {
        const signed = h.sdk().authorizeChannel(socketId, channel, ann);
        return { auth: signed.auth, channel_data: JSON.stringify({ user_id: "999", user_info: { name: "Mallory" } }) };
      },
    });
    expect(await subscriptionFailed(pusher.subscribe("presence-tampered"))).toMatchObject({
      type: "AuthError",
      status: 401,
    });
    const users = await (await h.sdk().get({ path: "/channels/presence-tampered/users" })).json();
    expect(users).toEqual({ users: [] });
  });

  it("rejects a presence signature made with the wrong secret", async () => {
    const forger = new PusherServer({
      ...APP,
      secret: "nope",
      host: "127.0.0.1",
      port: String(h.server().port),
      useTLS: false,
    });
    const pusher = await h.connectedClient({
      authorize: (socketId, channel) => forger.authorizeChannel(socketId, channel, ann),
    });
    expect(await subscriptionFailed(pusher.subscribe("presence-forged"))).toMatchObject({
      type: "AuthError",
      status: 401,
    });
  });

  it("lists presence channels with user_count through GET /channels", async () => {
    await h.subscribedClient("presence-listed", { user: ann });
    await h.subscribedClient("not-presence");
    const res = await h
      .sdk()
      .get({ path: "/channels", params: { filter_by_prefix: "presence-listed", info: "user_count" } });
    expect(await res.json()).toEqual({ channels: { "presence-listed": { user_count: 1 } } });
  });
});

describe("user sign-in and server-to-user events", () => {
  const h = harness();

  it("signs in and receives sendToUser events", async () => {
    const pusher = await h.connectedClient({ signinAs: { id: "user-7", user_info: { name: "Seven" } } });
    const signedIn = within(
      new Promise<void>((resolve) =>
        pusher.connection.bind("message", (m: { event: string }) => m.event === "pusher:signin_success" && resolve()),
      ),
      "pusher:signin_success",
    );
    pusher.signin();
    await signedIn;
    const got = within(new Promise((resolve) => pusher.user.bind("notice", resolve)), "server-to-user event");
    // Delivery goes to the user's signed-in connections; the server-side subscription is not required for it.
    await h.sdk().sendToUser("user-7", "notice", { hello: "seven" });
    expect(await got).toEqual({ hello: "seven" });
  });

  it("rejects a bad sign-in signature and foreign server-to-user subscriptions", async () => {
    const rc = h.raw();
    const socketId = await rc.handshake();
    const userData = JSON.stringify({ id: "alice" });
    rc.send({ event: "pusher:signin", data: { user_data: userData, auth: `${APP.key}:${"0".repeat(64)}` } });
    expect((await rc.event("pusher:error")).data).toMatchObject({ code: 4009 });

    rc.send({ event: "pusher:subscribe", data: { auth: "", channel: "#server-to-user-alice" } });
    expect((await rc.event("pusher:subscription_error", "#server-to-user-alice")).data).toMatchObject({ status: 401 });

    const good = h.sdk().authenticateUser(socketId, { id: "alice" });
    rc.send({ event: "pusher:signin", data: good });
    expect((await rc.event("pusher:signin_success")).data).toEqual({ user_data: good.user_data });
    rc.send({ event: "pusher:subscribe", data: { auth: "", channel: "#server-to-user-alice" } });
    await rc.event("pusher_internal:subscription_succeeded", "#server-to-user-alice");
  });

  it("terminates a signed-in user's connections", async () => {
    const rc = h.raw();
    const socketId = await rc.handshake();
    rc.send({ event: "pusher:signin", data: h.sdk().authenticateUser(socketId, { id: "bye" }) });
    await rc.event("pusher:signin_success");
    const res = await h.sdk().terminateUserConnections("bye");
    expect(res.status).toBe(200);
    expect((await rc.closedWithin("terminate close")).code).toBe(4009);
  });
});

describe("HTTP API queries through the SDK", () => {
  const h = harness();

  it("lists occupied channels only", async () => {
    await h.subscribedClient("occupied-1");
    await h.subscribedClient("private-occupied-2");
    const res = await h.sdk().get({ path: "/channels" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ channels: { "occupied-1": {}, "private-occupied-2": {} } });
    const filtered = await h.sdk().get({ path: "/channels", params: { filter_by_prefix: "private-" } });
    expect(await filtered.json()).toEqual({ channels: { "private-occupied-2": {} } });
    expect(h.server().stats().channels).toBe(2);
  });

  it("describes a single channel", async () => {
    await h.subscribedClient("described");
    await h.subscribedClient("described");
    const res = await h.sdk().get({ path: "/channels/described", params: { info: "subscription_count" } });
    expect(await res.json()).toEqual({ occupied: true, subscription_count: 2 });
    const empty = await h.sdk().get({ path: "/channels/empty-one" });
    expect(await empty.json()).toEqual({ occupied: false });
  });

  it("returns channel info from trigger when asked", async () => {
    await h.subscribedClient("with-info");
    const res = await h
      .sdk()
      .trigger(["with-info", "presence-none"], "e", {}, { info: "subscription_count,user_count" });
    expect(await res.json()).toEqual({
      channels: { "with-info": { subscription_count: 1 }, "presence-none": { user_count: 0, subscription_count: 0 } },
    });
  });

  it("rejects invalid queries with 400", async () => {
    await expect(h.sdk().get({ path: "/channels/public-chan/users" })).rejects.toMatchObject({ status: 400 });
    await expect(h.sdk().get({ path: "/channels/public-chan", params: { info: "user_count" } })).rejects.toMatchObject({
      status: 400,
    });
    await expect(h.sdk().get({ path: "/channels", params: { info: "user_count" } })).rejects.toMatchObject({
      status: 400,
    });
    await expect(h.sdk().get({ path: "/channels", params: { info: "bogus" } })).rejects.toMatchObject({ status: 400 });
  });
});

describe("HTTP API request validation (hand-signed requests)", () => {
  const h = harness();

  interface SignedRequest {
    method?: "GET" | "POST";
    path: string;
    body?: string;
    params?: Record<string, string>;
    secret?: string;
    key?: string;
    timestamp?: number;
    /** Overrides the md5 that is put in (and signed with) the query. */
    bodyMd5?: string;
  }

  /** Independent of the server's own helpers, so a shared bug cannot make both sides agree. */
  function send(request: SignedRequest): Promise<Response> {
    const method = request.method ?? "POST";
    const params: Record<string, string> = {
      auth_key: request.key ?? APP.key,
      auth_timestamp: String(request.timestamp ?? Math.floor(Date.now() / 1000)),
      auth_version: "1.0",
      ...request.params,
    };
    if (request.body !== undefined)
      params.body_md5 = request.bodyMd5 ?? createHash("md5").update(request.body).digest("hex");
    const query = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join("&");
    const signature = createHmac("sha256", request.secret ?? APP.secret)
      .update(`${method}\n${request.path}\n${query}`)
      .digest("hex");
    return fetch(`http://127.0.0.1:${h.server().port}${request.path}?${query}&auth_signature=${signature}`, {
      method,
      headers: request.body === undefined ? {} : { "content-type": "application/json" },
      body: request.body,
    });
  }

  const eventsPath = `/apps/${APP.appId}/events`;
  const event = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({ name: "e", channels: ["c"], data: "{}", ...extra });

  it("accepts a correctly signed request (control for the failures below)", async () => {
    const res = await send({ path: eventsPath, body: event() });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
  });

  it("answers 401 for a signature made with the wrong secret", async () => {
    const res = await send({ path: eventsPath, body: event(), secret: "wrong-secret" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 401 });
  });

  it("answers 401 for a wrong auth_key", async () => {
    expect((await send({ path: eventsPath, body: event(), key: "other-key" })).status).toBe(401);
  });

  it("answers 401 for a timestamp outside ±600 s and accepts one inside", async () => {
    const now = Math.floor(Date.now() / 1000);
    const stale = await send({ path: eventsPath, body: event(), timestamp: now - 700 });
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { error: string }).error).toMatch(/Timestamp expired/);
    expect((await send({ path: eventsPath, body: event(), timestamp: now + 700 })).status).toBe(401);
    expect((await send({ path: eventsPath, body: event(), timestamp: now - 500 })).status).toBe(200);
  });

  it("answers 401 when body_md5 does not match the body", async () => {
    const res = await send({
      path: eventsPath,
      body: event(),
      bodyMd5: createHash("md5")
        .update(event({ name: "other" }))
        .digest("hex"),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toMatch(/body_md5/);
  });

  it("answers 401 for a tampered query parameter", async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = event();
    const md5 = createHash("md5").update(body).digest("hex");
    const query = `auth_key=${APP.key}&auth_timestamp=${now}&auth_version=1.0&body_md5=${md5}`;
    const signature = createHmac("sha256", APP.secret).update(`POST\n${eventsPath}\n${query}`).digest("hex");
    const tampered = query.replace(`auth_timestamp=${now}`, `auth_timestamp=${now - 1}`);
    const res = await fetch(
      `http://127.0.0.1:${h.server().port}${eventsPath}?${tampered}&auth_signature=${signature}`,
      { method: "POST", body },
    );
    expect(res.status).toBe(401);
  });

  it("answers 413 for data over 10 KB and accepts exactly 10 KB", async () => {
    expect((await send({ path: eventsPath, body: event({ data: "x".repeat(10 * 1024 + 1) }) })).status).toBe(413);
    expect((await send({ path: eventsPath, body: event({ data: "x".repeat(10 * 1024) }) })).status).toBe(200);
  });

  it("answers 400 for more than 100 channels and accepts 100", async () => {
    const channels = (n: number) => Array.from({ length: n }, (_, i) => `ch-${i}`);
    expect((await send({ path: eventsPath, body: event({ channels: channels(101) }) })).status).toBe(400);
    expect((await send({ path: eventsPath, body: event({ channels: channels(100) }) })).status).toBe(200);
  });

  it("answers 400 for a batch of more than 10 events and accepts 10", async () => {
    const batch = (n: number) =>
      JSON.stringify({ batch: Array.from({ length: n }, (_, i) => ({ channel: "c", name: `e${i}`, data: "{}" })) });
    const path = `/apps/${APP.appId}/batch_events`;
    expect((await send({ path, body: batch(11) })).status).toBe(400);
    expect((await send({ path, body: batch(10) })).status).toBe(200);
  });

  it("answers 400 for malformed events", async () => {
    expect((await send({ path: eventsPath, body: JSON.stringify({ channels: ["c"], data: "{}" }) })).status).toBe(400);
    expect((await send({ path: eventsPath, body: JSON.stringify({ name: "e", channels: ["c"] }) })).status).toBe(400);
    expect((await send({ path: eventsPath, body: JSON.stringify({ name: "e", data: "{}" }) })).status).toBe(400);
    expect((await send({ path: eventsPath, body: event({ channels: ["bad name"] }) })).status).toBe(400);
    expect((await send({ path: eventsPath, body: event({ socket_id: "not-a-socket" }) })).status).toBe(400);
    expect((await send({ path: eventsPath, body: "{not json" })).status).toBe(400);
  });

  it("answers 404 for another app id and unknown routes", async () => {
    expect((await send({ path: "/apps/other-app/events", body: event() })).status).toBe(404);
    expect((await send({ method: "GET", path: `/apps/${APP.appId}/nothing` })).status).toBe(404);
  });

  it("serves signed GET requests without a body", async () => {
    const res = await send({
      method: "GET",
      path: `/apps/${APP.appId}/channels`,
      params: { filter_by_prefix: "presence-" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ channels: {} });
  });
});

describe("bounds, as shipped (pusher-js)", () => {
  const h = harness({}, { serverDefaults: true });
  type PusherJsError = {
    type: string;
    error?: { type: string; data: { code: number; message: string } };
    data?: { code: number; message: string };
  };

  it("refuses the 101st channel on one socket with a 4004 subscription error, keeps the socket and the 100", async () => {
    const pusher = await h.connectedClient();
    const channels = Array.from({ length: 100 }, (_, i) => pusher.subscribe(`private-room-${i}`));
    await Promise.all(channels.map(subscribed));
    const errors = record<PusherJsError>(pusher.connection, "error");
    const extra = pusher.subscribe("private-room-100");
    expect(await subscriptionFailed(extra)).toEqual({
      type: "LimitReached",
      error: "A connection can hold at most 100 channels; unsubscribe from some first.",
      status: 4004,
    });
    expect(errors.map((e) => e.data?.code)).toContain(4004);
    expect(pusher.connection.state).toBe("connected");
    // The 100 still get events; freeing one makes room for another.
    const got = once(channels[99]!, "ping");
    await h.sdk().trigger("private-room-99", "ping", { n: 1 });
    expect(await got).toEqual({ n: 1 });
    pusher.unsubscribe("private-room-0");
    await subscribed(pusher.subscribe("private-room-101"));
  });

  it("refuses the 51st connection from one address with 4100, so pusher-js backs off; one closing makes room", async () => {
    const first = await Promise.all(Array.from({ length: 50 }, () => h.connectedClient()));
    expect(h.server().stats().connections).toBe(50);
    const extra = h.client();
    const error = await once<PusherJsError>(extra.connection, "error", "pusher-js error for the 51st connection");
    expect(error).toMatchObject({ type: "WebSocketError", error: { type: "PusherError", data: { code: 4100 } } });
    expect(error.error?.data.message).toBe(
      "Too many connections from your address (at most 50); close some and retry.",
    );
    expect(h.server().stats().connections).toBe(50);
    // pusher-js treats 4100 as "retry later": once a slot frees, its own retry gets in.
    first[0]!.disconnect();
    await once(extra.connection, "connected", "51st client connected after a slot freed");
    expect(h.server().stats().connections).toBe(50);
  });

  it("refuses public channels and client events unless enabled", async () => {
    const pusher = await h.connectedClient();
    const open = pusher.subscribe("lobby");
    expect(await subscriptionFailed(open)).toMatchObject({ type: "AuthError", status: 4009 });
    const rc = h.raw();
    await rc.event("pusher:connection_established");
    rc.send({ event: "client-typing", channel: "private-x", data: {} });
    expect((await rc.event("pusher:error")).data).toEqual({
      code: 4301,
      message: "To send client events, you must enable this feature in the Settings page of your dashboard.",
    });
    expect(h.server().stats().channels).toBe(0);
  });
});

describe("shutdown", () => {
  it("closes sockets with 4200 and stops listening", async () => {
    const server = await startPusherServer({ ...APP, port: 0 });
    const ws = new WebSocket(`${server.url}/app/${APP.key}?protocol=7`);
    const rc = new RawClient(ws);
    try {
      await rc.handshake();
      expect(server.stats()).toEqual({ connections: 1, channels: 0 });
      await within(server.close(), "server close");
      expect((await rc.closedWithin("close on shutdown")).code).toBe(4200);
      await expect(fetch(`http://127.0.0.1:${server.port}/apps/${APP.appId}/channels`)).rejects.toThrow();
    } finally {
      ws.terminate();
      await server.close();
    }
  });
});
