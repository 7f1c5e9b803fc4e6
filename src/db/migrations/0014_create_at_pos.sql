ALTER TABLE "customer_links" ADD COLUMN "refusal" jsonb;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "create_at_pos" text DEFAULT 'onCreate' NOT NULL;