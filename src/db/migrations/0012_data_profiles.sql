CREATE TABLE "customer_authorizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"wording" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "data_profile" text DEFAULT 'strict-default' NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_authorizations" ADD CONSTRAINT "customer_authorizations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_authorizations" ADD CONSTRAINT "customer_authorizations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_authorizations_customer_idx" ON "customer_authorizations" USING btree ("org_id","customer_id","at");--> statement-breakpoint
-- Existing stores follow their state's profile (the strict default when it has none or no address).
UPDATE "stores" SET "data_profile" = "address"->>'state' WHERE "address"->>'state' IN ('CO', 'OR', 'CA', 'SD', 'NV', 'MA');
