CREATE TABLE "data_policies" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"inactive_retention_days" integer,
	"action" text NOT NULL,
	"flag_expired_medical_cards" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_quality_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "data_policies" ADD CONSTRAINT "data_policies_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_quality_flags" ADD CONSTRAINT "data_quality_flags_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_quality_flags" ADD CONSTRAINT "data_quality_flags_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "data_quality_flags_open_key" ON "data_quality_flags" USING btree ("org_id","customer_id","kind") WHERE resolved_at IS NULL;--> statement-breakpoint
CREATE INDEX "data_quality_flags_org_kind_idx" ON "data_quality_flags" USING btree ("org_id","kind","detected_at","id");