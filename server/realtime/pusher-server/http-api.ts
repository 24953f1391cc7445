import { type IncomingMessage, type ServerResponse } from "node:http";
import { channelKind, checkChannelName } from "./channels";
import { parseBatch, parseEvent, parseInfo, type PublishRequest } from "./event-request";
import { type ChannelInfo, type Hub } from "./hub";
import { CloseCode } from "./protocol";
import { parseQuery, verifyApiRequest } from "./signature";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Route =
  | { kind: "events" }
  | { kind: "batch_events" }
  | { kind: "channels" }
  | { kind: "stats" }
  | { kind: "channel"; channel: string }
  | { kind: "users"; channel: string }
  | { kind: "terminate"; userId: string };

const ROUTE_METHODS: Record<Route["kind"], string> = {
  events: "POST",
  batch_events: "POST",
  channels: "GET",
  stats: "GET",
  channel: "GET",
  users: "GET",
  terminate: "POST",
};

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "Malformed path");
  }
}

function matchRoute(subpath: string[]): Route | null {
  const [first, second, third, ...rest] = subpath;
  if (rest.length > 0) return null;
  if (first === "events" && second === undefined) return { kind: "events" };
  if (first === "batch_events" && second === undefined) return { kind: "batch_events" };
  if (first === "stats" && second === undefined) return { kind: "stats" };
  if (first === "channels") {
    if (second === undefined) return { kind: "channels" };
    if (third === undefined) return { kind: "channel", channel: decodeSegment(second) };
    if (third === "users") return { kind: "users", channel: decodeSegment(second) };
  }
  if (first === "users" && second !== undefined && third === "terminate_connections")
    return { kind: "terminate", userId: decodeSegment(second) };
  return null;
}

/** Reads the raw body (the signature covers its exact bytes); null means it exceeded the cap. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "Request body is not valid JSON");
  }
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; status: number; message: string }): T {
  if (!result.ok) throw new HttpError(result.status, result.message);
  return result.value;
}

function publish(hub: Hub, event: PublishRequest): void {
  const except = event.socketId === undefined ? undefined : hub.connections.get(event.socketId);
  for (const channel of event.channels) hub.publish(channel, event.name, event.data, except);
}

function channelsInfo(hub: Hub, event: PublishRequest): Record<string, ChannelInfo> {
  const channels: Record<string, ChannelInfo> = {};
  for (const channel of event.channels) channels[channel] = hub.channelInfo(channel, event.info);
  return channels;
}

function requireValidChannel(hub: Hub, channel: string): void {
  if (checkChannelName(channel, hub.limits.maxChannelNameLength) !== null)
    throw new HttpError(400, `Invalid channel name: ${channel}`);
}

async function handle(hub: Hub, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? "/";
  const queryStart = url.indexOf("?");
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? "" : url.slice(queryStart + 1);

  const segments = path.split("/");
  // ["", "apps", appId, ...subpath]
  if (segments[0] !== "" || segments[1] !== "apps" || segments[2] === undefined) throw new HttpError(404, "Not found");
  if (decodeSegment(segments[2]) !== hub.app.appId) throw new HttpError(404, `App ${segments[2]} does not exist`);
  const route = matchRoute(segments.slice(3));
  if (route === null) throw new HttpError(404, "Not found");
  const method = req.method ?? "GET";
  if (method !== ROUTE_METHODS[route.kind]) {
    res.setHeader("allow", ROUTE_METHODS[route.kind]);
    throw new HttpError(405, `Method ${method} not allowed`);
  }

  const body = await readBody(req, hub.limits.maxHttpBodyBytes);
  if (body === null) {
    res.setHeader("connection", "close");
    throw new HttpError(413, `Request body is larger than ${hub.limits.maxHttpBodyBytes} bytes`);
  }
  const params = parseQuery(rawQuery);
  if (params === null) throw new HttpError(400, "Malformed or duplicated query parameters");
  const auth = verifyApiRequest(
    { method, path, params, body },
    hub.app,
    Math.floor(Date.now() / 1000),
    hub.limits.timestampWindowSeconds,
  );
  if (!auth.ok) throw new HttpError(auth.status, auth.message);

  switch (route.kind) {
    case "events": {
      const event = unwrap(parseEvent(parseJson(body), hub.limits));
      publish(hub, event);
      sendJson(res, 200, event.info.size > 0 ? { channels: channelsInfo(hub, event) } : {});
      return;
    }
    case "batch_events": {
      const events = unwrap(parseBatch(parseJson(body), hub.limits));
      for (const event of events) publish(hub, event);
      const wantsInfo = events.some((e) => e.info.size > 0);
      // With info, results are aligned with the request order, one object per item.
      sendJson(
        res,
        200,
        wantsInfo
          ? { batch: events.map((e) => (e.info.size > 0 ? hub.channelInfo(e.channels[0] ?? "", e.info) : {})) }
          : {},
      );
      return;
    }
    case "channels": {
      const prefix = params.get("filter_by_prefix") ?? "";
      const info = parseInfo(params.get("info"), ["user_count", "subscription_count"]);
      if (typeof info === "string") throw new HttpError(400, info);
      if (info.has("user_count") && !prefix.startsWith("presence-")) {
        throw new HttpError(400, "info=user_count requires filter_by_prefix=presence-");
      }
      const channels: Record<string, ChannelInfo> = {};
      for (const name of hub.registry.channelNames())
        if (name.startsWith(prefix)) channels[name] = hub.channelInfo(name, info);
      sendJson(res, 200, { channels });
      return;
    }
    case "stats": {
      // Not part of Pusher's API: the app's /api/metrics reads it from the embedded server only.
      sendJson(res, 200, { connections: hub.connections.size, channels: [...hub.registry.channelNames()].length });
      return;
    }
    case "channel": {
      requireValidChannel(hub, route.channel);
      const info = parseInfo(params.get("info"), ["user_count", "subscription_count"]);
      if (typeof info === "string") throw new HttpError(400, info);
      if (info.has("user_count") && channelKind(route.channel) !== "presence") {
        throw new HttpError(400, "user_count is only available for presence channels");
      }
      sendJson(res, 200, {
        occupied: hub.registry.subscriptionCount(route.channel) > 0,
        ...hub.channelInfo(route.channel, info),
      });
      return;
    }
    case "users": {
      requireValidChannel(hub, route.channel);
      if (channelKind(route.channel) !== "presence")
        throw new HttpError(400, "Users can only be listed for presence channels");
      sendJson(res, 200, { users: hub.registry.userIds(route.channel).map((id) => ({ id })) });
      return;
    }
    case "terminate": {
      hub.terminateUser(route.userId, CloseCode.Unauthorized, "You got disconnected by the app.");
      sendJson(res, 200, {});
      return;
    }
  }
}

/** The Pusher HTTP API under /apps/<appId>/…, as pusher-http-node calls it. */
export function createHttpApiHandler(hub: Hub): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(hub, req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 500) hub.log(`realtime: http ${req.method} ${req.url}: ${message}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, status, { error: message, code: status });
    });
  };
}
