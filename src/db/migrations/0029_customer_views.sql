CREATE TABLE "customer_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"filter" jsonb NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_views" ADD CONSTRAINT "customer_views_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_views" ADD CONSTRAINT "customer_views_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_views_owner_name_key" ON "customer_views" USING btree ("org_id","owner_id",lower("name"));--> statement-breakpoint
CREATE INDEX "customer_views_org_name_idx" ON "customer_views" USING btree ("org_id","name","id");--> statement-breakpoint
-- hand-written: the organization policy of 0013_row-level-security. A view is only ever read inside
-- its organization's scope (a request's), so it gets the policy like the customer-data tables.
ALTER TABLE "customer_views" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY org_isolation ON "customer_views" USING (org_id = patron_current_org()) WITH CHECK (org_id = patron_current_org());
