import { createServer, type IncomingMessage } from "node:http";
import { type AddressInfo } from "node:net";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { handleClientMessage } from "./client-messages";
import { Connection } from "./connection";
import { createHttpApiHandler } from "./http-api";
import { pickClientIp } from "~/server/security/client-ip";
import { Hub } from "./hub";
import {
  CloseCode,
  DEFAULT_LIMITS,
  closeReason,
  connectionEstablishedFrame,
  errorFrame,
  type Limits,
} from "./protocol";

export interface PusherServerOptions {
  appId: string;
  key: string;
  secret: string;
  /** 0 picks a free port; the real one is reported on the result. */
  port: number;
  host?: string;
  /** Sent to clients in the handshake and used for server-side liveness checks. Default 120. */
  activityTimeoutSeconds?: number;
  log?: (line: string) => void;
  /**
   * `limits.clientEvents` mirrors Pusher's per-app "Enable client events" switch, off by default:
   * Recall does not use them, and with them on any subscriber could inject events into a conversation.
   */
  limits?: Partial<Limits>;
}

export interface RunningPusherServer {
  port: number;
  url: string;
  close(): Promise<void>;
  stats(): { connections: number; channels: number };
}

/** Grace period for clients to answer our close frame before their sockets are destroyed. */
const SHUTDOWN_GRACE_MS = 1000;

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}

function refuse(ws: WebSocket, code: number, message: string): void {
  ws.send(errorFrame(code, message));
  ws.close(code, closeReason(message));
}

function whenClosed(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => ws.once("close", () => resolve()));
}

export async function startPusherServer(options: PusherServerOptions): Promise<RunningPusherServer> {
  const host = options.host ?? "127.0.0.1";
  const activityTimeoutSeconds = options.activityTimeoutSeconds ?? 120;
  // pusher-js fails the handshake on a missing or zero activity_timeout.
  if (!Number.isInteger(activityTimeoutSeconds) || activityTimeoutSeconds < 1) {
    throw new Error(`activityTimeoutSeconds must be a positive integer, got ${activityTimeoutSeconds}`);
  }
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? (() => {});
  const hub = new Hub({ appId: options.appId, key: options.key, secret: options.secret }, limits, log);

  const httpServer = createServer(createHttpApiHandler(hub));
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: limits.maxWebSocketMessageBytes,
  });
  // Every upgraded socket, including refused ones still closing, so shutdown can reach them all.
  const sockets = new Set<WebSocket>();

  function onConnection(ws: WebSocket, req: IncomingMessage): void {
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    ws.on("error", (error) => log(`realtime: socket error: ${error.message}`));

    if (hub.closing) return refuse(ws, CloseCode.ServerClosing, "Server is closing. Please reconnect shortly.");
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = /^\/app\/([^/]+)$/.exec(url.pathname);
    if (match?.[1] === undefined) return refuse(ws, CloseCode.PathNotFound, `Path not found: ${url.pathname}`);
    let key: string;
    try {
      key = decodeURIComponent(match[1]);
    } catch {
      key = match[1];
    }
    if (key !== options.key) return refuse(ws, CloseCode.AppDoesNotExist, `App key ${key} does not exist.`);
    // Missing protocol is tolerated (treated as current); protocols 1–3 are unsupported per the docs.
    const protocol = url.searchParams.get("protocol");
    if (protocol !== null && !/^\d+$/.test(protocol))
      return refuse(ws, CloseCode.InvalidVersionFormat, "Invalid version format");
    if (protocol !== null && Number(protocol) < 4)
      return refuse(ws, CloseCode.UnsupportedProtocol, `Unsupported protocol version ${protocol}`);

    const forwarded = req.headers["x-forwarded-for"];
    const ip =
      pickClientIp(
        req.socket.remoteAddress ?? null,
        Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? null),
        limits.trustProxyHops,
      ) ?? "unknown";
    const conn = new Connection(ws, hub.newSocketId(), ip, hub.clock, limits.maxBufferedBytes);
    if (!hub.addConnection(conn)) {
      return refuse(
        ws,
        CloseCode.OverCapacity,
        `Too many connections from your address (at most ${limits.maxConnectionsPerIp}); close some and retry.`,
      );
    }
    ws.on("message", (data) => {
      conn.lastSeen = hub.clock;
      conn.pingSentAt = 0;
      handleClientMessage(hub, conn, rawText(data));
    });
    ws.on("pong", () => {
      conn.lastSeen = hub.clock;
      conn.pingSentAt = 0;
    });
    ws.on("close", () => hub.removeConnection(conn));
    conn.send(connectionEstablishedFrame(conn.socketId, activityTimeoutSeconds));
  }

  httpServer.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  httpServer.on("error", (error) => log(`realtime: http server error: ${error.message}`));
  const port = (httpServer.address() as AddressInfo).port;

  // Liveness: ping a socket idle for activity_timeout, close it with 4201 if nothing comes back.
  // One sweep for all sockets instead of per-socket timers keeps per-connection cost to two numbers.
  const activityMs = activityTimeoutSeconds * 1000;
  const pongTimeoutMs = Math.min(30_000, activityMs);
  const sweep = setInterval(
    () => {
      const now = Date.now();
      hub.clock = now;
      for (const conn of hub.connections.values()) {
        if (conn.pingSentAt !== 0) {
          if (now - conn.pingSentAt >= pongTimeoutMs) {
            conn.close(CloseCode.PongNotReceived, "Pong reply not received");
            // Drop state now: a dead peer may never complete the close handshake.
            hub.removeConnection(conn);
          }
        } else if (now - conn.lastSeen >= activityMs && conn.open) {
          conn.ws.ping();
          conn.pingSentAt = now;
        }
      }
    },
    Math.min(5_000, Math.max(100, Math.floor(activityMs / 4))),
  );
  sweep.unref();

  async function shutdown(): Promise<void> {
    hub.closing = true;
    clearInterval(sweep);
    const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();

    for (const ws of sockets) {
      if (ws.readyState === WebSocket.OPEN)
        refuse(ws, CloseCode.ServerClosing, "Server is closing. Please reconnect shortly.");
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...sockets].map(whenClosed)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS))),
    ]);
    clearTimeout(timer);
    for (const ws of sockets) ws.terminate();
    for (const conn of [...hub.connections.values()]) hub.removeConnection(conn);
    httpServer.closeAllConnections();
    wss.close();
    await httpClosed;
  }

  let closing: Promise<void> | undefined;
  return {
    port,
    url: `ws://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () => (closing ??= shutdown()),
    stats: () => ({ connections: hub.connections.size, channels: hub.registry.channelCount }),
  };
}
