ALTER TYPE "public"."audit_action" ADD VALUE 'review';--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limits_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE INDEX "audit_log_restores_by_message" ON "audit_log" USING btree ("target_message_id","id") WHERE "audit_log"."action" = 'restore';