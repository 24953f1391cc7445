CREATE TYPE "public"."attachment_kind" AS ENUM('image', 'pdf', 'text');--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'view_attachment';--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"uploader_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"message_id" uuid,
	"position" smallint,
	"kind" "attachment_kind" NOT NULL,
	"mime" text NOT NULL,
	"name" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"stored_bytes" bigint NOT NULL,
	"width" integer,
	"height" integer,
	"keys" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"objects_deleted_at" timestamp with time zone,
	CONSTRAINT "attachments_claimed_has_position" CHECK (("attachments"."message_id" IS NULL) = ("attachments"."position" IS NULL)),
	CONSTRAINT "attachments_name_length" CHECK (char_length("attachments"."name") BETWEEN 1 AND 255),
	CONSTRAINT "attachments_size_positive" CHECK ("attachments"."size_bytes" > 0)
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploader_id_users_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attachments_by_message_position" ON "attachments" USING btree ("message_id","position");--> statement-breakpoint
CREATE INDEX "attachments_by_uploader_created" ON "attachments" USING btree ("uploader_id","created_at");--> statement-breakpoint
CREATE INDEX "attachments_doomed" ON "attachments" USING btree ("deleted_at") WHERE "attachments"."deleted_at" IS NOT NULL AND "attachments"."objects_deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attachments_orphans_by_created" ON "attachments" USING btree ("created_at") WHERE "attachments"."message_id" IS NULL AND "attachments"."deleted_at" IS NULL;