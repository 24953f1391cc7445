/**
 * Wire-level constants and frame builders. pusher-js decides whether to reconnect from
 * the close code range alone (4000–4099 never, 4100–4199 back off, 4200–4299 at once),
 * so every code here was chosen for the client reaction it triggers.
 */
export const CloseCode = {
  /** Unknown app key: the client gives up. */
  AppDoesNotExist: 4001,
  PathNotFound: 4005,
  InvalidVersionFormat: 4006,
  UnsupportedProtocol: 4007,
  Unauthorized: 4009,
  /** Over a quota that will not change by retrying (pusher-js gives up). */
  OverQuota: 4004,
  /** Slow consumer, or too many connections from one address: the client backs off, then retries. */
  OverCapacity: 4100,
  /** Shutdown: the client reconnects immediately (to another node, ideally). */
  ServerClosing: 4200,
  PongNotReceived: 4201,
} as const;

/** Sent in pusher:error only; never used as a close code since pusher-js treats ≥ 4300 as "refused". */
export const ClientEventRejected = 4301;

export interface Limits {
  maxChannelNameLength: number;
  maxEventNameLength: number;
  /** Event `data`, in UTF-8 bytes (Pusher's 10 KB). */
  maxPayloadBytes: number;
  maxChannelsPerEvent: number;
  maxBatchSize: number;
  maxPresenceMembers: number;
  maxPresenceUserIdLength: number;
  /** Size of a presence member's channel_data / user_data string. */
  maxPresenceMemberBytes: number;
  clientEventsPerSecond: number;
  maxHttpBodyBytes: number;
  maxWebSocketMessageBytes: number;
  /** A subscriber with more than this queued is too slow to keep; it is closed with 4100. */
  maxBufferedBytes: number;
  timestampWindowSeconds: number;
  /** Channels one socket may hold at once; the next subscription is refused with 4004. */
  maxChannelsPerSocket: number;
  /** Sockets one client address may hold at once; the next is closed with 4100 (retry later). */
  maxConnectionsPerIp: number;
  /** Public channels need no auth, so anyone could hold thousands; the app uses none. */
  publicChannels: boolean;
  /** Client-to-client events (`client-*`); the app uses none. */
  clientEvents: boolean;
  /** X-Forwarded-For hops to trust for the client address (0: the socket's peer address). */
  trustProxyHops: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxChannelNameLength: 200,
  maxEventNameLength: 200,
  maxPayloadBytes: 10 * 1024,
  maxChannelsPerEvent: 100,
  maxBatchSize: 10,
  maxPresenceMembers: 100,
  maxPresenceUserIdLength: 128,
  maxPresenceMemberBytes: 2 * 1024,
  clientEventsPerSecond: 10,
  maxHttpBodyBytes: 1024 * 1024,
  maxWebSocketMessageBytes: 64 * 1024,
  maxBufferedBytes: 1024 * 1024,
  timestampWindowSeconds: 600,
  maxChannelsPerSocket: 100,
  maxConnectionsPerIp: 50,
  publicChannels: false,
  clientEvents: false,
  trustProxyHops: 0,
};

export const SOCKET_ID = /^\d+\.\d+$/;

/** Close reasons are capped at 123 bytes and ws throws beyond that; ASCII keeps bytes == chars. */
export function closeReason(message: string): string {
  return message.replace(/[^\x20-\x7e]/g, "?").slice(0, 123);
}

export interface ClientMessage {
  event: string;
  channel?: unknown;
  data?: unknown;
}

/** One JSON object with a string `event` per text frame; anything else is not a message. */
export function parseClientMessage(raw: string): ClientMessage | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const message = parsed as Record<string, unknown>;
  if (typeof message.event !== "string" || message.event === "") return null;
  return { event: message.event, channel: message.channel, data: message.data };
}

/** `data` of pusher:* client events is an object, but some clients double-encode it. */
export function dataObject(data: unknown): Record<string, unknown> | null {
  let value = data;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function connectionEstablishedFrame(socketId: string, activityTimeoutSeconds: number): string {
  // data is a JSON-encoded string ("double encoding"), as Pusher sends it.
  return JSON.stringify({
    event: "pusher:connection_established",
    data: JSON.stringify({ socket_id: socketId, activity_timeout: activityTimeoutSeconds }),
  });
}

export function errorFrame(code: number | null, message: string, channel?: string): string {
  return JSON.stringify(
    channel === undefined
      ? { event: "pusher:error", data: { code, message } }
      : { event: "pusher:error", channel, data: { code, message } },
  );
}

export const PONG_FRAME = JSON.stringify({ event: "pusher:pong", data: {} });

export function subscriptionSucceededFrame(channel: string, data?: string): string {
  return JSON.stringify(
    data === undefined
      ? { event: "pusher_internal:subscription_succeeded", channel }
      : { event: "pusher_internal:subscription_succeeded", channel, data },
  );
}

export type SubscriptionErrorType = "AuthError" | "InvalidChannel" | "LimitReached";

export function subscriptionErrorFrame(
  channel: string,
  type: SubscriptionErrorType,
  error: string,
  status: number,
): string {
  return JSON.stringify({ event: "pusher:subscription_error", channel, data: { type, error, status } });
}

export function channelEventFrame(event: string, channel: string, data: unknown, userId?: string): string {
  return JSON.stringify(userId === undefined ? { event, channel, data } : { event, channel, data, user_id: userId });
}
