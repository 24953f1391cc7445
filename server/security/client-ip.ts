/**
 * Which address a request comes from. Next.js route handlers expose no socket address, and Next
 * fills `X-Forwarded-For` from the socket only when the client did not send one, so that header
 * is whatever the client says. Our HTTP server (scripts/next-server.ts) writes the socket's peer
 * address into PEER_HEADER, replacing any value a client sent.
 */
export const PEER_HEADER = "x-recall-peer-ip";

/**
 * Requests that did not pass through our server (e.g. plain `next dev`) have no peer address:
 * they share one budget rather than letting each pick its own.
 */
export const UNKNOWN_PEER = "unknown-peer";

/** `::ffff:192.0.2.1` and `192.0.2.1` are the same client. */
function normalize(ip: string): string {
  const trimmed = ip.trim();
  return trimmed.toLowerCase().startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice(7) : trimmed;
}

/**
 * With `trustedHops` = 0 the peer address, whatever X-Forwarded-For says. With N trusted proxies,
 * each appends the address it saw, so the Nth hop from the right is the one the outermost trusted
 * proxy saw; anything left of it was written by the client. Too few hops → the leftmost one.
 */
export function pickClientIp(peer: string | null, forwardedFor: string | null, trustedHops: number): string | null {
  const peerIp = peer ? normalize(peer) : null;
  if (trustedHops <= 0 || !forwardedFor) return peerIp;
  const hops = forwardedFor
    .split(",")
    .map(normalize)
    .filter((h) => h !== "");
  if (hops.length === 0) return peerIp;
  return hops[Math.max(0, hops.length - trustedHops)]!;
}

/** The client IP of a request handled by the app. */
export function clientIp(headers: Headers, trustedHops: number): string {
  return pickClientIp(headers.get(PEER_HEADER), headers.get("x-forwarded-for"), trustedHops) ?? UNKNOWN_PEER;
}
