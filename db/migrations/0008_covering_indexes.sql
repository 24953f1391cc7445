-- Covering indexes (issue 14): a history page, an unread count, a list preview and a change-feed
-- page find their rows in the index alone (index-only scans), never visiting the table for the
-- columns their WHERE reads. Drizzle cannot declare INCLUDE, so the schema names the key columns
-- and this file adds the rest. Both are rebuilt under a write lock on messages: on a large
-- deployment, run this migration in a quiet window (README, production notes).
DROP INDEX "messages_history_by_conversation_seq";--> statement-breakpoint
CREATE UNIQUE INDEX "messages_history_by_conversation_seq" ON "messages" USING btree ("conversation_id","seq") INCLUDE ("id","sender_id","kind","revoked_at","revoke_silent");--> statement-breakpoint
DROP INDEX "messages_changes_by_conversation_version";--> statement-breakpoint
CREATE INDEX "messages_changes_by_conversation_version" ON "messages" USING btree ("conversation_id","version","seq") INCLUDE ("id");
