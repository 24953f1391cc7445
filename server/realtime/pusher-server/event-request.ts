import { checkChannelName, serverToUserId } from "./channels";
import { SOCKET_ID, type Limits } from "./protocol";

/** A validated publish: everything is checked before anything is delivered. */
export interface PublishRequest {
  name: string;
  /** Always a string on the wire; non-string data from non-SDK publishers is stringified. */
  data: string;
  channels: string[];
  socketId: string | undefined;
  info: ReadonlySet<string>;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; status: 400 | 413; message: string };

const bad = (message: string): { ok: false; status: 400; message: string } => ({ ok: false, status: 400, message });

export const EVENT_INFO_ATTRIBUTES = ["user_count", "subscription_count"] as const;

/** Parses a comma-separated `info` value; unknown attributes are an error, as the docs specify. */
export function parseInfo(raw: unknown, allowed: readonly string[]): Set<string> | string {
  if (raw === undefined || raw === "") return new Set();
  if (typeof raw !== "string") return "info must be a comma-separated string";
  const attributes = new Set(
    raw
      .split(",")
      .map((a) => a.trim())
      .filter((a) => a !== ""),
  );
  for (const attribute of attributes)
    if (!allowed.includes(attribute)) return `Unsupported info attribute: ${attribute}`;
  return attributes;
}

function isPublishableChannel(name: string, limits: Readonly<Limits>): boolean {
  // `#server-to-user-<id>` is the one reserved name the SDK's sendToUser publishes to.
  return checkChannelName(name, limits.maxChannelNameLength) === null || serverToUserId(name) !== null;
}

/**
 * One event from POST /events (`channels` array or `channel`) or one batch item
 * (`channel` only, as the docs define batch_events).
 */
export function parseEvent(body: unknown, limits: Readonly<Limits>, batchItem = false): Validation<PublishRequest> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return bad("Expected a JSON object");
  const event = body as Record<string, unknown>;

  const { name } = event;
  if (typeof name !== "string" || name === "") return bad("name is required");
  if (name.length > limits.maxEventNameLength)
    return bad(`Event name is longer than ${limits.maxEventNameLength} characters`);

  if (event.data === undefined) return bad("data is required");
  const data = typeof event.data === "string" ? event.data : JSON.stringify(event.data);
  if (Buffer.byteLength(data) > limits.maxPayloadBytes) {
    return { ok: false, status: 413, message: `Event data is larger than ${limits.maxPayloadBytes} bytes` };
  }

  let channels: unknown[];
  if (!batchItem && event.channels !== undefined) {
    if (!Array.isArray(event.channels)) return bad("channels must be an array");
    channels = event.channels;
  } else if (event.channel !== undefined) {
    channels = [event.channel];
  } else {
    return bad(batchItem ? "channel is required" : "channels or channel is required");
  }
  if (channels.length === 0) return bad("At least one channel is required");
  if (channels.length > limits.maxChannelsPerEvent)
    return bad(`An event can be published to at most ${limits.maxChannelsPerEvent} channels`);
  for (const channel of channels) {
    if (typeof channel !== "string" || !isPublishableChannel(channel, limits))
      return bad(`Invalid channel name: ${String(channel)}`);
  }

  const socketId = event.socket_id;
  if (socketId !== undefined && (typeof socketId !== "string" || !SOCKET_ID.test(socketId)))
    return bad("Invalid socket_id");

  const info = parseInfo(event.info, EVENT_INFO_ATTRIBUTES);
  if (typeof info === "string") return bad(info);

  return { ok: true, value: { name, data, channels: [...new Set(channels as string[])], socketId, info } };
}

export function parseBatch(body: unknown, limits: Readonly<Limits>): Validation<PublishRequest[]> {
  if (typeof body !== "object" || body === null) return bad("Expected a JSON object");
  const { batch } = body as Record<string, unknown>;
  if (!Array.isArray(batch)) return bad("batch must be an array");
  if (batch.length === 0) return bad("batch must not be empty");
  if (batch.length > limits.maxBatchSize) return bad(`Batch contains more than ${limits.maxBatchSize} events`);
  const events: PublishRequest[] = [];
  for (const [index, item] of batch.entries()) {
    const parsed = parseEvent(item, limits, true);
    if (!parsed.ok) return { ...parsed, message: `batch[${index}]: ${parsed.message}` };
    events.push(parsed.value);
  }
  return { ok: true, value: events };
}
