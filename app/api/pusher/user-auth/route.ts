import { readRealtimeAuthRequest } from "~/server/realtime/auth-request";
import { isSocketId } from "~/server/realtime/channel-auth";

/**
 * pusher-js `signin()`: tells the realtime service which user a socket belongs to, so the app can
 * close all of that user's connections (terminate_connections) the moment they lose access.
 */
export async function POST(req: Request) {
  const request = await readRealtimeAuthRequest(req);
  if (!request.ok) return request.response;
  const socketId = request.form.get("socket_id") ?? "";
  if (!isSocketId(socketId)) return Response.json({ error: "Invalid socket_id." }, { status: 400 });
  return Response.json(request.pusher.authenticateUser(socketId, { id: request.userId }));
}
