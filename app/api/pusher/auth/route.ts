import Pusher from "pusher";
import { getSessionUser } from "~/server/auth/session";
import { getDb } from "~/server/db";
import { authorizeChannel } from "~/server/realtime/channel-auth";
import { serverRealtimeConfig } from "~/server/realtime/config";
import { getLimiter } from "~/server/security/limiter";
import { getEnv } from "~/server/env";
import { clientIp } from "~/server/security/client-ip";

/** pusher-js posts `socket_id` and `channel_name` as a form; the session cookie says who asks. */
export async function POST(req: Request) {
  const session = await getSessionUser();
  if (!session) return Response.json({ error: "Sign in to continue." }, { status: 401 });
  const limit = await (await getLimiter()).limiter.check("channelAuth", { user: session.user.id, ip: clientIp(req.headers, getEnv().TRUST_PROXY_HOPS) });
  if (!limit.ok) {
    return Response.json({ error: "Too many subscription requests." }, { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } });
  }
  const config = serverRealtimeConfig();
  if (!config) return Response.json({ error: "Realtime is not configured." }, { status: 503 });
  const form = new URLSearchParams(await req.text());
  const socketId = form.get("socket_id") ?? "";
  const channel = form.get("channel_name") ?? "";
  const decision = await authorizeChannel(await getDb(), session.user.id, channel, socketId);
  if (!decision.ok) return Response.json({ error: decision.message }, { status: decision.status });
  const pusher = new Pusher({ appId: config.appId, key: config.key, secret: config.secret, cluster: config.cluster });
  return Response.json(pusher.authorizeChannel(socketId, channel));
}
