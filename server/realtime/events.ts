import { type MessageChange, type MessageView } from "~/server/recall/member-view";

/**
 * Channel names and event payloads, shared by the server publisher and the browser.
 * Payloads never carry recalled text: they are built from the member view at publish time.
 */
export const conversationChannel = (conversationId: string) => `private-conversation-${conversationId}`;
export const userChannel = (userId: string) => `private-user-${userId}`;
/**
 * Says only "the global recall settings changed"; every signed-in tab listens. Private (any active
 * account may subscribe) because the realtime server refuses public channels.
 */
export const SETTINGS_CHANNEL = "private-settings";

export type OutboxEventName =
  | "message.created"
  | "message.recalled"
  | "message.restored"
  | "message.edited"
  /** Per-user, on the hider's user channel: a message was hidden or un-hidden ("delete for me"). */
  | "message.hidden"
  | "conversation.added"
  | "conversation.removed"
  | "conversation.read"
  /** A conversation's recall override or a member's role changed: reload its rules. */
  | "conversation.changed"
  /** The global recall settings changed: every open tab reloads the rules it shows. */
  | "settings.changed";

/**
 * Conversation events are the same for every member: an edited/recalled/restored view may be of a
 * message the reader hid for themselves, which only their own change feed knows (the browser's
 * timeline leaves such changes to the feed, see app/_realtime/timeline.ts).
 */
export interface MessageEventPayload {
  conversationId: string;
  version: number;
  /** The member view; absent when it would not fit in 10 KB (the client fetches it by version). */
  message: MessageChange | null;
}

export interface ConversationEventPayload {
  conversationId: string;
  version: number | null;
}

export type RealtimeEvents = {
  "message.created": MessageEventPayload;
  "message.recalled": MessageEventPayload;
  "message.restored": MessageEventPayload;
  "message.edited": MessageEventPayload;
  /** `message` is always null: the device reads the change from the feed, as its user. */
  "message.hidden": MessageEventPayload;
  "conversation.added": ConversationEventPayload;
  "conversation.removed": ConversationEventPayload;
  "conversation.read": ConversationEventPayload;
  "conversation.changed": ConversationEventPayload;
  "settings.changed": Record<string, never>;
};

export type { MessageChange, MessageView };
