/**
 * A lean Pusher Channels protocol-7 client on `ws`, for load generators that hold hundreds or
 * thousands of connections in one process. It speaks the same wire protocol as pusher-js
 * (connect to /app/KEY?protocol=7, read pusher:connection_established, pusher:subscribe with a
 * channel signature, receive channel events, answer pusher:ping) without pusher-js's
 * per-instance machinery (strategy runners, timers, transport fallbacks), whose cost would
 * otherwise be measured as "latency" on a 2-core machine.
 */
import { createHmac } from "node:crypto";
import WebSocket from "ws";

export interface Envelope {
  event: string;
  channel?: string;
  data?: unknown;
}

/** One frame → envelope; null when it is not a JSON object with a string `event`. */
export function parseEnvelope(frame: string): Envelope | null {
  try {
    const v = JSON.parse(frame) as Envelope;
    return v && typeof v === "object" && typeof v.event === "string" ? v : null;
  } catch {
    return null;
  }
}

/** `data` is a JSON string on the wire (double encoding); objects are accepted too. */
export function decodeData<T>(data: unknown): T {
  return (typeof data === "string" ? JSON.parse(data) : data) as T;
}

/** The private-channel signature (https://pusher.com/docs/channels/library_auth_reference/auth-signatures/): "KEY:hex(HMAC-SHA256(secret, socket_id:channel))". */
export function channelAuth(key: string, secret: string, socketId: string, channel: string): string {
  return `${key}:${createHmac("sha256", secret).update(`${socketId}:${channel}`).digest("hex")}`;
}

export type EventListener = (event: string, channel: string | undefined, data: unknown, receivedAt: number) => void;

export class LeanPusherClient {
  socketId = "";
  private readonly pending = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();

  private constructor(
    readonly ws: WebSocket,
    private readonly listener: EventListener,
  ) {}

  /** Resolves once pusher:connection_established has arrived. */
  static connect(url: string, listener: EventListener, clock: () => number): Promise<LeanPusherClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      const client = new LeanPusherClient(ws, listener);
      let established = false;
      ws.on("message", (raw: Buffer) => {
        const receivedAt = clock();
        const env = parseEnvelope(raw.toString("utf8"));
        if (!env) return;
        if (!established) {
          if (env.event === "pusher:connection_established") {
            established = true;
            client.socketId = decodeData<{ socket_id: string }>(env.data).socket_id;
            resolve(client);
          } else {
            reject(new Error(`handshake refused: ${JSON.stringify(env.data)}`));
          }
          return;
        }
        client.onEnvelope(env, receivedAt);
      });
      ws.on("error", (e) => {
        if (!established) reject(e);
      });
      ws.once("close", (code) => {
        if (!established) reject(new Error(`closed before handshake (${code})`));
        for (const p of client.pending.values()) p.reject(new Error(`socket closed (${code})`));
        client.pending.clear();
      });
    });
  }

  private onEnvelope(env: Envelope, receivedAt: number): void {
    switch (env.event) {
      case "pusher:ping":
        this.ws.send(JSON.stringify({ event: "pusher:pong", data: {} }));
        return;
      case "pusher_internal:subscription_succeeded":
        this.pending.get(env.channel ?? "")?.resolve();
        this.pending.delete(env.channel ?? "");
        return;
      case "pusher:subscription_error":
        this.pending.get(env.channel ?? "")?.reject(new Error(`subscription_error: ${JSON.stringify(env.data)}`));
        this.pending.delete(env.channel ?? "");
        return;
      case "pusher:error":
        for (const p of this.pending.values()) p.reject(new Error(`pusher:error ${JSON.stringify(env.data)}`));
        this.pending.clear();
        return;
      default:
        this.listener(env.event, env.channel, env.data, receivedAt);
    }
  }

  subscribe(channel: string, auth = ""): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.set(channel, { resolve, reject });
      this.ws.send(JSON.stringify({ event: "pusher:subscribe", data: { auth, channel } }));
    });
  }

  close(): void {
    this.ws.terminate();
  }
}
