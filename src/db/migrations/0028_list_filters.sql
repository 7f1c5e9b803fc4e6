-- Issue 14, advanced search (customers/search-filters.ts): a stored generated column per filter key
-- that is not a plain column already (birthday as MMDD, city and postal code out of the address,
-- each channel's current consent), because under row-level security the planner matches no
-- non-leakproof function to an expression index; and an index per filter, led by the filtered
-- column with org_id second (an org-led partial index was the planner's pick, before statistics, for
-- unrelated lookups of live customers: migrations 0025, 0027). Equality keys carry the name order
-- after them, so a filter listed by name reads one page; created and last-visit also sort. Birth
-- dates are searched by `birth_date`, a copy of date_of_birth, so that no index led by date_of_birth
-- tempts the identity lookups of sync (0025).
-- One ALTER for every column: the table is rewritten once, not once per stored column.
ALTER TABLE "customers"
  ADD COLUMN "birthday_md" smallint GENERATED ALWAYS AS ((EXTRACT(MONTH FROM date_of_birth) * 100 + EXTRACT(DAY FROM date_of_birth))::smallint) STORED,
  ADD COLUMN "birth_date" date GENERATED ALWAYS AS (date_of_birth) STORED,
  ADD COLUMN "city_key" text GENERATED ALWAYS AS (patron_search_text(btrim(address->>'city'))) STORED,
  ADD COLUMN "postal_code_key" text GENERATED ALWAYS AS (upper(replace(address->>'postalCode', ' ', ''))) STORED,
  ADD COLUMN "consent_sms" boolean GENERATED ALWAYS AS (coalesce((consents->'sms'->>'granted')::boolean, false)) STORED,
  ADD COLUMN "consent_email" boolean GENERATED ALWAYS AS (coalesce((consents->'email'->>'granted')::boolean, false)) STORED;--> statement-breakpoint
CREATE INDEX "customers_birthday_idx" ON "customers" USING btree ("birthday_md","org_id",lower(last_name),lower(first_name),"id") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "customers_city_idx" ON "customers" USING btree ("city_key","org_id",lower(last_name),lower(first_name),"id") WHERE deleted_at IS NULL AND city_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_postal_code_idx" ON "customers" USING btree ("postal_code_key","org_id",lower(last_name),lower(first_name),"id") WHERE deleted_at IS NULL AND postal_code_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_home_store_idx" ON "customers" USING btree ("home_store_id","org_id",lower(last_name),lower(first_name),"id") WHERE deleted_at IS NULL AND home_store_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_consent_sms_idx" ON "customers" USING btree ("consent_sms","org_id",lower(last_name),lower(first_name),"id") WHERE deleted_at IS NULL AND consent_sms;--> statement-breakpoint
CREATE INDEX "customers_consent_email_idx" ON "customers" USING btree ("consent_email","org_id",lower(last_name),lower(first_name),"id") WHERE deleted_at IS NULL AND consent_email;--> statement-breakpoint
CREATE INDEX "customers_medical_expiry_idx" ON "customers" USING btree ("medical_expires_on","org_id","id") WHERE deleted_at IS NULL AND medical_expires_on IS NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_birth_date_idx" ON "customers" USING btree ("birth_date","org_id","id") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "customers_org_created_idx" ON "customers" USING btree ("org_id","created_at","id");--> statement-breakpoint
CREATE INDEX "customers_org_last_visit_idx" ON "customers" USING btree ("org_id","last_visit_at" DESC NULLS LAST,"id" DESC NULLS LAST);
