/**
 * The fan-out baseline: a bare `ws` broadcast server of the same shape as the embedded Pusher
 * server — HTTP POST to publish, WebSocket clients subscribed to a channel, the frame encoded
 * once and the same Buffer written to every subscriber — with none of the protocol work
 * (no signatures, validation, limits, liveness or presence). Speaks just enough of protocol 7
 * for the benchmark's lean client: connection_established, subscribe, ping.
 *
 * Run as a service: `node --import tsx bench/workers/bare-ws-server.ts PORT`.
 */
import { randomInt } from "node:crypto";
import { createServer } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";

const port = Number(process.argv[2] ?? 6212);
const channels = new Map<string, Set<WebSocket>>();
const TEXT = { binary: false } as const;

const http = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/publish") {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const { channel, event, data } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      channel: string;
      event: string;
      data: string;
    };
    const frame = Buffer.from(JSON.stringify({ event, channel, data }));
    for (const ws of channels.get(channel) ?? []) ws.send(frame, TEXT);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});

const wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false });
http.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws)));

function onConnection(ws: WebSocket): void {
  const joined = new Set<string>();
  ws.on("message", (raw: Buffer) => {
    const msg = JSON.parse(raw.toString("utf8")) as { event: string; data?: { channel?: string } };
    if (msg.event === "pusher:subscribe" && msg.data?.channel) {
      const channel = msg.data.channel;
      let set = channels.get(channel);
      if (!set) channels.set(channel, (set = new Set()));
      set.add(ws);
      joined.add(channel);
      ws.send(JSON.stringify({ event: "pusher_internal:subscription_succeeded", channel }));
    } else if (msg.event === "pusher:ping") {
      ws.send(JSON.stringify({ event: "pusher:pong", data: {} }));
    }
  });
  ws.on("close", () => {
    for (const c of joined) channels.get(c)?.delete(ws);
  });
  ws.on("error", () => undefined);
  const socketId = `${randomInt(1, 1e9)}.${randomInt(1, 1e9)}`;
  ws.send(
    JSON.stringify({
      event: "pusher:connection_established",
      data: JSON.stringify({ socket_id: socketId, activity_timeout: 120 }),
    }),
  );
}

http.listen(port, "127.0.0.1", () => console.log(`bare ws server listening on ${port}`));
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
