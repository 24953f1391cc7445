/**
 * `next start` behind our own http.Server, for one reason: Next.js gives route handlers no socket
 * address, and the X-Forwarded-For it passes on is the client's own when the client sent one.
 * This server writes the TCP peer address into a header the app trusts (server/security/client-ip.ts),
 * overwriting anything a client put there.
 */
import { createServer } from "node:http";
import next from "next";
import { PEER_HEADER } from "~/server/security/client-ip";

const port = Number(process.env.PORT ?? 3000);
const app = next({ dev: false, port, hostname: "localhost" });
await app.prepare();
const handle = app.getRequestHandler();
const upgrade = app.getUpgradeHandler();

const server = createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  void handle(req, res);
});
server.on("upgrade", (req, socket, head) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  void upgrade(req, socket, head);
});
// Idle keep-alive connections stay open longer than the idle timeout of the proxies and clients in
// front (60 s for most load balancers): when the server closes first, a request sent on the socket
// as it closes fails with ECONNRESET (a 502 behind a proxy; seen in e2e under load with Node's 5 s).
server.keepAliveTimeout = 65_000;
// Every interface, as `next start` does.
server.listen(port, () => console.log(`next: ready on http://localhost:${port}`));

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
