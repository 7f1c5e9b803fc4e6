DROP INDEX "customer_links_customer_idx";--> statement-breakpoint
DROP INDEX "customer_links_store_customer_idx";--> statement-breakpoint
CREATE INDEX "customer_links_customer_store_idx" ON "customer_links" USING btree ("org_id","customer_id","store_id");