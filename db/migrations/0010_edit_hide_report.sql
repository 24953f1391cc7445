CREATE TYPE "public"."report_category" AS ENUM('spam', 'abuse', 'personal_data', 'other');--> statement-breakpoint
CREATE TYPE "public"."report_status" AS ENUM('open', 'dismissed', 'reviewed', 'actioned');--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'view_edits';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'view_report';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'report_resolve';--> statement-breakpoint
CREATE TABLE "message_hides" (
	"user_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"hidden" boolean NOT NULL,
	"version" bigint NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_hides_pk" PRIMARY KEY("user_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "message_edits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" uuid NOT NULL,
	"body" text NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retained_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"reporter_id" uuid NOT NULL,
	"category" "report_category" NOT NULL,
	"note" text,
	"body" text NOT NULL,
	"status" "report_status" DEFAULT 'open' NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_reports_note_length" CHECK (char_length("message_reports"."note") <= 500)
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "edited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "edit_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversation_recall_settings" ADD COLUMN "edit_window_seconds" integer;--> statement-breakpoint
ALTER TABLE "recall_settings" ADD COLUMN "edit_window_seconds" integer DEFAULT 900 NOT NULL;--> statement-breakpoint
ALTER TABLE "message_hides" ADD CONSTRAINT "message_hides_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_hides" ADD CONSTRAINT "message_hides_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_hides" ADD CONSTRAINT "message_hides_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_edits" ADD CONSTRAINT "message_edits_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_reports" ADD CONSTRAINT "message_reports_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_reports" ADD CONSTRAINT "message_reports_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_reports" ADD CONSTRAINT "message_reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_reports" ADD CONSTRAINT "message_reports_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_hides_changes_by_user_conversation_version" ON "message_hides" USING btree ("user_id","conversation_id","version");--> statement-breakpoint
CREATE INDEX "message_edits_by_message" ON "message_edits" USING btree ("message_id","id");--> statement-breakpoint
CREATE INDEX "message_edits_retention_purge_by_retained_until" ON "message_edits" USING btree ("retained_until");--> statement-breakpoint
CREATE UNIQUE INDEX "message_reports_one_per_member" ON "message_reports" USING btree ("message_id","reporter_id");--> statement-breakpoint
CREATE INDEX "message_reports_queue_by_status_created" ON "message_reports" USING btree ("status","created_at");--> statement-breakpoint
ALTER TABLE "conversation_recall_settings" ADD CONSTRAINT "conversation_recall_settings_edit_range" CHECK ("conversation_recall_settings"."edit_window_seconds" BETWEEN 0 AND 604800);--> statement-breakpoint
ALTER TABLE "recall_settings" ADD CONSTRAINT "recall_settings_edit_range" CHECK ("recall_settings"."edit_window_seconds" BETWEEN 0 AND 604800);--> statement-breakpoint
-- (The snapshot now also records messages_changes_by_conversation_version as 0008 wrote it by hand;
-- the index itself, with its INCLUDE, is unchanged.)

-- The write half of an edit in ONE round trip (server/chat/edit.ts decides, this applies), built
-- like recall_mark: the conversation row lock first (the version bump, so edits and recalls of a
-- message are ordered by version), then the decision's facts re-asserted on a fresh snapshot
-- (still the sender's, still a member, still live, still inside the window on the database
-- clock). A guard that no longer holds raises RG001: nothing is written, the engine decides again.
CREATE FUNCTION edit_mark(
  p_message uuid,
  p_conversation uuid,
  p_editor uuid,
  p_body text,
  p_deadline timestamptz,
  p_keep boolean,                -- the previous text goes to message_edits (policy retain)
  p_retention_days integer,
  OUT out_version bigint,
  OUT out_edited_at timestamptz,
  OUT out_edit_count integer
)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  previous text;
BEGIN
  UPDATE conversations SET version = version + 1 WHERE id = p_conversation RETURNING version INTO out_version;
  IF out_version IS NULL THEN
    RAISE EXCEPTION 'edit guard: conversation % not found', p_conversation USING ERRCODE = 'RG001';
  END IF;

  SELECT m.body INTO previous
    FROM messages m
   WHERE m.id = p_message
     AND m.conversation_id = p_conversation
     AND m.sender_id = p_editor
     AND m.kind = 'text'
     AND m.revoked_at IS NULL
     AND clock_timestamp() <= p_deadline
     AND EXISTS (SELECT 1 FROM conversation_members cm
                  WHERE cm.conversation_id = m.conversation_id AND cm.user_id = p_editor)
   FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'edit guard: message % changed since the decision', p_message USING ERRCODE = 'RG001';
  END IF;

  UPDATE messages
     SET body = p_body, edited_at = now(), edit_count = edit_count + 1, version = out_version
   WHERE id = p_message
  RETURNING edited_at, edit_count INTO out_edited_at, out_edit_count;
  IF p_keep THEN
    INSERT INTO message_edits (message_id, body, retained_until)
    VALUES (p_message, previous, now() + make_interval(days => p_retention_days));
  END IF;
  INSERT INTO realtime_outbox (event, conversation_id, message_id, version)
  VALUES ('message.edited', p_conversation, p_message, out_version);
END;
$$;--> statement-breakpoint

-- recall_mark, now that a message's text can change: the text kept in the vault (and handed back
-- for Re-edit) is read from the row under the conversation lock, so an edit committed between the
-- recall's decision and its mark is the text vaulted, never the stale one the decision read. Under
-- the erase policy the message's earlier versions go too ("recall vaults every version" under
-- retain, where message_edits already holds them).
DROP FUNCTION recall_mark(uuid, uuid, uuid, uuid, revoker_kind, text, timestamptz, member_role, member_role[], boolean, text, integer, jsonb);--> statement-breakpoint
CREATE FUNCTION recall_mark(
  p_message uuid,
  p_conversation uuid,
  p_sender uuid,
  p_actor uuid,
  p_as revoker_kind,
  p_reason text,
  p_deadline timestamptz,        -- null: no window to re-check
  p_actor_role member_role,      -- null: no membership to re-check (system admin)
  p_sender_roles member_role[],  -- null: any sender
  p_silent boolean,
  p_keep boolean,                -- false: nothing kept (erase policy)
  p_retention_days integer,
  p_details jsonb,               -- audit details; the version is added here
  OUT out_version bigint,
  OUT out_body text              -- the text as it was at the mark
)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  UPDATE conversations SET version = version + 1 WHERE id = p_conversation RETURNING version INTO out_version;
  IF out_version IS NULL THEN
    RAISE EXCEPTION 'recall guard: conversation % not found', p_conversation USING ERRCODE = 'RG001';
  END IF;

  SELECT m.body INTO out_body
    FROM messages m
   WHERE m.id = p_message
     AND m.conversation_id = p_conversation
     AND m.revoked_at IS NULL
     AND (p_deadline IS NULL OR clock_timestamp() <= p_deadline)
     AND (p_actor_role IS NULL OR EXISTS (
           SELECT 1 FROM conversation_members cm
            WHERE cm.conversation_id = m.conversation_id AND cm.user_id = p_actor AND cm.role = p_actor_role))
     -- A sender who has left counts as a plain member (see rules.ts).
     AND (p_sender_roles IS NULL OR coalesce(
           (SELECT cm.role FROM conversation_members cm
             WHERE cm.conversation_id = m.conversation_id AND cm.user_id = m.sender_id),
           'member') = ANY (p_sender_roles))
   FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'recall guard: message % changed since the decision', p_message USING ERRCODE = 'RG001';
  END IF;

  UPDATE messages
     SET body = NULL, revoked_at = now(), revoker_id = p_actor, revoke_reason = p_reason,
         revoker_kind = p_as, revoke_silent = p_silent, version = out_version
   WHERE id = p_message;

  IF p_keep AND out_body IS NOT NULL THEN
    INSERT INTO recall_vault (message_id, body, retained_until)
    VALUES (p_message, out_body, now() + make_interval(days => p_retention_days));
  ELSIF NOT p_keep THEN
    DELETE FROM message_edits WHERE message_id = p_message;
  END IF;
  INSERT INTO audit_log (actor_id, action, target_message_id, target_conversation_id, target_user_id, reason, details)
  VALUES (p_actor, 'recall', p_message, p_conversation, p_sender, p_reason,
          p_details || jsonb_build_object('version', out_version));
  INSERT INTO realtime_outbox (event, conversation_id, message_id, version)
  VALUES ('message.recalled', p_conversation, p_message, out_version);
END;
$$;
