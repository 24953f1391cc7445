import Pusher from "pusher";
import { getSessionUser } from "~/server/auth/session";
import { getEnv } from "~/server/env";
import { getLimiter } from "~/server/security/limiter";
import { clientIp } from "~/server/security/client-ip";
import { serverRealtimeConfig } from "./config";

export type RealtimeAuthRequest =
  { ok: false; response: Response } | { ok: true; userId: string; form: URLSearchParams; pusher: Pusher };

/**
 * What both realtime auth routes (channel authorization and user sign-in) check first: a live
 * session (read from the database), the `channelAuth` rate limit, and a configured realtime
 * service. pusher-js posts its fields as a form.
 */
export async function readRealtimeAuthRequest(req: Request): Promise<RealtimeAuthRequest> {
  const session = await getSessionUser();
  if (!session) return { ok: false, response: Response.json({ error: "Sign in to continue." }, { status: 401 }) };
  const limit = await (
    await getLimiter()
  ).limiter.check("channelAuth", { user: session.user.id, ip: clientIp(req.headers, getEnv().TRUST_PROXY_HOPS) });
  if (!limit.ok) {
    return {
      ok: false,
      response: Response.json(
        { error: "Too many subscription requests." },
        { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
      ),
    };
  }
  const config = serverRealtimeConfig();
  if (!config) return { ok: false, response: Response.json({ error: "Realtime is not configured." }, { status: 503 }) };
  const pusher = new Pusher({ appId: config.appId, key: config.key, secret: config.secret, cluster: config.cluster });
  return { ok: true, userId: session.user.id, form: new URLSearchParams(await req.text()), pusher };
}
