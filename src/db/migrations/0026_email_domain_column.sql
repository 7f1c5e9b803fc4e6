DROP INDEX "customers_org_email_domain_idx";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "email_domain" text GENERATED ALWAYS AS (split_part(email, '@', 2)) STORED;--> statement-breakpoint
CREATE INDEX "customers_org_email_domain_idx" ON "customers" USING btree ("org_id",email_domain text_pattern_ops);