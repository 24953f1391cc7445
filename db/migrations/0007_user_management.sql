ALTER TYPE "public"."audit_action" ADD VALUE 'user_create';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'user_role_change';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'user_disable';--> statement-breakpoint
ALTER TYPE "public"."audit_action" ADD VALUE 'user_enable';