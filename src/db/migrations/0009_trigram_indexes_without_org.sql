DROP INDEX "customers_search_name_trgm_idx";--> statement-breakpoint
DROP INDEX "customers_phone_trgm_idx";--> statement-breakpoint
CREATE INDEX "customers_search_name_trgm_idx" ON "customers" USING gin (search_name gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_phone_trgm_idx" ON "customers" USING gin (phone gin_trgm_ops);