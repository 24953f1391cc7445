import { and, eq } from "drizzle-orm";
import { type Db } from "~/db/client";
import { conversationMembers } from "~/db/schema";
import { SETTINGS_CHANNEL } from "./events";

const CONVERSATION = /^private-conversation-([0-9a-f-]{36})$/;
const USER = /^private-user-([0-9a-f-]{36})$/;
const SOCKET_ID = /^\d+\.\d+$/;

export const isSocketId = (socketId: string) => SOCKET_ID.test(socketId);

export type ChannelAuthDecision = { ok: true } | { ok: false; status: 400 | 403; message: string };

/**
 * May `userId` subscribe to `channel` right now? Only their own user channel, the settings channel
 * (it carries no content) and conversations they are a member of at this moment (so a removed
 * member cannot resubscribe).
 */
export async function authorizeChannel(
  db: Db,
  userId: string,
  channel: string,
  socketId: string,
): Promise<ChannelAuthDecision> {
  if (!isSocketId(socketId)) return { ok: false, status: 400, message: "Invalid socket_id." };
  if (channel === SETTINGS_CHANNEL) return { ok: true };
  const user = USER.exec(channel);
  if (user) return user[1] === userId ? { ok: true } : { ok: false, status: 403, message: "Not your channel." };
  const conversation = CONVERSATION.exec(channel);
  if (!conversation) return { ok: false, status: 403, message: "Unknown channel." };
  const [member] = await db
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(and(eq(conversationMembers.conversationId, conversation[1]!), eq(conversationMembers.userId, userId)));
  return member ? { ok: true } : { ok: false, status: 403, message: "Not a member of this conversation." };
}
