import Pusher from "pusher";
import { getSessionUser } from "~/server/auth/session";
import { isSocketId } from "~/server/realtime/channel-auth";
import { serverRealtimeConfig } from "~/server/realtime/config";
import { getLimiter } from "~/server/security/limiter";
import { getEnv } from "~/server/env";
import { clientIp } from "~/server/security/client-ip";

/**
 * pusher-js `signin()`: tells the realtime service which user a socket belongs to, so the app can
 * close all of that user's connections (terminate_connections) the moment they lose access.
 */
export async function POST(req: Request) {
  const session = await getSessionUser();
  if (!session) return Response.json({ error: "Sign in to continue." }, { status: 401 });
  const limit = await (await getLimiter()).limiter.check("channelAuth", { user: session.user.id, ip: clientIp(req.headers, getEnv().TRUST_PROXY_HOPS) });
  if (!limit.ok) {
    return Response.json({ error: "Too many subscription requests." }, { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } });
  }
  const config = serverRealtimeConfig();
  if (!config) return Response.json({ error: "Realtime is not configured." }, { status: 503 });
  const socketId = new URLSearchParams(await req.text()).get("socket_id") ?? "";
  if (!isSocketId(socketId)) return Response.json({ error: "Invalid socket_id." }, { status: 400 });
  const pusher = new Pusher({ appId: config.appId, key: config.key, secret: config.secret, cluster: config.cluster });
  return Response.json(pusher.authenticateUser(socketId, { id: session.user.id }));
}
