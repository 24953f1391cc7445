import { bigint, index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const conversationKind = pgEnum("conversation_kind", ["direct", "group"]);
export const memberRole = pgEnum("member_role", ["owner", "admin", "member"]);

export const conversations = pgTable("conversations", {
  id: uuid().primaryKey().defaultRandom(),
  kind: conversationKind().notNull(),
  title: text(),
  // Direct conversations are unique per pair: "<smaller uuid>:<larger uuid>".
  directKey: text().unique("conversations_direct_key_unique"),
  // Bumped (row-locked) in the same transaction as every change to the conversation's
  // messages; sync clients compare against it, so it must never come from a clock.
  version: bigint({ mode: "number" }).notNull().default(0),
  lastSeq: bigint({ mode: "number" }).notNull().default(0),
  // Orders the conversation list; set by every send.
  lastMessageAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const conversationMembers = pgTable(
  "conversation_members",
  {
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    role: memberRole().notNull().default("member"),
    // Highest seq the member has read; unread = messages above it not sent by the member.
    lastReadSeq: bigint({ mode: "number" }).notNull().default(0),
    joinedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "conversation_members_pk", columns: [t.conversationId, t.userId] }),
    // Conversation list: "which conversations is this user in".
    index("conversation_members_by_user").on(t.userId, t.conversationId),
  ],
);

export type Conversation = typeof conversations.$inferSelect;
export type ConversationMember = typeof conversationMembers.$inferSelect;
export type MemberRole = (typeof memberRole.enumValues)[number];
export type ConversationKind = (typeof conversationKind.enumValues)[number];
