import { getDb } from "~/server/db-handle";
import { readRealtimeAuthRequest } from "~/server/realtime/auth-request";
import { authorizeChannel } from "~/server/realtime/channel-auth";

/** pusher-js posts `socket_id` and `channel_name` as a form; the session cookie says who asks. */
export async function POST(req: Request) {
  const request = await readRealtimeAuthRequest(req);
  if (!request.ok) return request.response;
  const socketId = request.form.get("socket_id") ?? "";
  const channel = request.form.get("channel_name") ?? "";
  const decision = await authorizeChannel(await getDb(), request.userId, channel, socketId);
  if (!decision.ok) return Response.json({ error: decision.message }, { status: decision.status });
  return Response.json(request.pusher.authorizeChannel(socketId, channel));
}
