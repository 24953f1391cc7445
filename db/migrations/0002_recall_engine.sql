CREATE TYPE "public"."message_kind" AS ENUM('text', 'system');--> statement-breakpoint
CREATE TYPE "public"."revoker_kind" AS ENUM('sender', 'group_owner', 'group_admin', 'system_admin');--> statement-breakpoint
CREATE TYPE "public"."audit_action" AS ENUM('recall', 'restore', 'purge', 'view_original', 'bulk_recall', 'settings_change');--> statement-breakpoint
CREATE TYPE "public"."content_policy" AS ENUM('retain', 'erase');--> statement-breakpoint
CREATE TYPE "public"."notice_mode" AS ENUM('tip', 'silent');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_id" uuid,
	"action" "audit_action" NOT NULL,
	"target_message_id" uuid,
	"target_conversation_id" uuid,
	"target_user_id" uuid,
	"reason" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_recall_settings" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"recall_window_seconds" integer,
	"group_admins_may_recall" boolean,
	"group_owners_may_recall" boolean,
	"content_policy" "content_policy",
	"notice_mode" "notice_mode",
	"reedit_window_seconds" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recall_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"recall_window_seconds" integer DEFAULT 120 NOT NULL,
	"group_admins_may_recall" boolean DEFAULT true NOT NULL,
	"group_owners_may_recall" boolean DEFAULT true NOT NULL,
	"content_policy" "content_policy" DEFAULT 'retain' NOT NULL,
	"notice_mode" "notice_mode" DEFAULT 'tip' NOT NULL,
	"retention_days" integer DEFAULT 30 NOT NULL,
	"reedit_window_seconds" integer DEFAULT 300 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recall_settings_single_row" CHECK ("recall_settings"."id" = 1),
	CONSTRAINT "recall_settings_window_range" CHECK ("recall_settings"."recall_window_seconds" BETWEEN 0 AND 604800),
	CONSTRAINT "recall_settings_retention_range" CHECK ("recall_settings"."retention_days" BETWEEN 1 AND 3650),
	CONSTRAINT "recall_settings_reedit_range" CHECK ("recall_settings"."reedit_window_seconds" BETWEEN 0 AND 3600)
);
--> statement-breakpoint
CREATE TABLE "recall_vault" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"body" text NOT NULL,
	"retained_until" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "realtime_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"conversation_id" uuid,
	"message_id" uuid,
	"user_ids" jsonb,
	"version" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "body" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "last_message_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "kind" "message_kind" DEFAULT 'text' NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "revoker_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "revoke_reason" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "revoker_kind" "revoker_kind";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "revoke_silent" boolean;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_recall_settings" ADD CONSTRAINT "conversation_recall_settings_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_vault" ADD CONSTRAINT "recall_vault_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_list_by_created" ON "audit_log" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_by_target_message" ON "audit_log" USING btree ("target_message_id");--> statement-breakpoint
CREATE INDEX "audit_log_by_actor_created" ON "audit_log" USING btree ("actor_id","created_at");--> statement-breakpoint
CREATE INDEX "recall_vault_retention_purge_by_retained_until" ON "recall_vault" USING btree ("retained_until");--> statement-breakpoint
CREATE INDEX "realtime_outbox_due_by_next_attempt" ON "realtime_outbox" USING btree ("next_attempt_at","id");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_revoker_id_users_id_fk" FOREIGN KEY ("revoker_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_changes_by_conversation_version" ON "messages" USING btree ("conversation_id","version");--> statement-breakpoint
CREATE INDEX "messages_search_by_body_trgm" ON "messages" USING gin ("body" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "messages_recalled_by_revoked_at" ON "messages" USING btree ("revoked_at") WHERE "messages"."revoked_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_revoke_reason_length" CHECK (char_length("messages"."revoke_reason") <= 200);--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_recalled_has_no_body" CHECK ("messages"."revoked_at" IS NULL OR "messages"."body" IS NULL);--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_live_has_body" CHECK ("messages"."revoked_at" IS NOT NULL OR "messages"."body" IS NOT NULL);