CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"customer_id" uuid,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"origin" text
);
--> statement-breakpoint
CREATE TABLE "consent_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"granted" boolean NOT NULL,
	"source" text NOT NULL,
	"wording" text,
	"at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"first_name" text,
	"last_name" text,
	"preferred_name" text,
	"date_of_birth" date,
	"phone" text,
	"email" text,
	"customer_type" text NOT NULL,
	"medical_card_number_enc" text,
	"medical_card_number_index" text,
	"medical_state" text,
	"medical_expires_on" date,
	"id_document_type" text,
	"id_document_number_enc" text,
	"id_document_number_index" text,
	"id_document_state" text,
	"id_document_expires_on" date,
	"address" jsonb,
	"consents" jsonb NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text,
	"loyalty_points" integer,
	"loyalty_source" text,
	"home_store_id" uuid,
	"name_key" text,
	"search_name" text GENERATED ALWAYS AS (patron_search_text(coalesce(first_name, '') || ' ' || coalesce(preferred_name, '') || ' ' || coalesce(last_name, ''))) STORED,
	"last_visit_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"merged_into_id" uuid,
	CONSTRAINT "customers_live_rows_complete" CHECK (deleted_at IS NOT NULL OR (first_name IS NOT NULL AND last_name IS NOT NULL AND date_of_birth IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "erasures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suspected_duplicates" (
	"org_id" uuid NOT NULL,
	"customer_a" uuid NOT NULL,
	"customer_b" uuid NOT NULL,
	"reason" text NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "suspected_duplicates_org_id_customer_a_customer_b_reason_pk" PRIMARY KEY("org_id","customer_a","customer_b","reason")
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_home_store_id_stores_id_fk" FOREIGN KEY ("home_store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasures" ADD CONSTRAINT "erasures_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspected_duplicates" ADD CONSTRAINT "suspected_duplicates_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_customer_idx" ON "audit_events" USING btree ("org_id","customer_id","at");--> statement-breakpoint
CREATE INDEX "consent_events_customer_idx" ON "consent_events" USING btree ("org_id","customer_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_org_id_document_key" ON "customers" USING btree ("org_id","id_document_number_index") WHERE deleted_at IS NULL AND id_document_number_index IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_org_phone_dob_key" ON "customers" USING btree ("org_id","phone","date_of_birth") WHERE deleted_at IS NULL AND phone IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_org_email_dob_key" ON "customers" USING btree ("org_id","email","date_of_birth") WHERE deleted_at IS NULL AND email IS NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_org_medical_card_idx" ON "customers" USING btree ("org_id","medical_card_number_index") WHERE medical_card_number_index IS NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_org_name_key_idx" ON "customers" USING btree ("org_id","name_key","date_of_birth");--> statement-breakpoint
CREATE INDEX "customers_org_email_prefix_idx" ON "customers" USING btree ("org_id",email text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_org_sort_name_idx" ON "customers" USING btree ("org_id",lower(last_name),lower(first_name),"id");--> statement-breakpoint
CREATE INDEX "customers_org_updated_idx" ON "customers" USING btree ("org_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "customers_search_name_trgm_idx" ON "customers" USING gin ("org_id",search_name gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_phone_trgm_idx" ON "customers" USING gin ("org_id",phone gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_tags_idx" ON "customers" USING gin ("org_id","tags");