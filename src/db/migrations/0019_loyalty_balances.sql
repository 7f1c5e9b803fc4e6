CREATE TABLE "loyalty_balances" (
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"source" text DEFAULT 'pos' NOT NULL,
	"vendor" text NOT NULL,
	"points" integer NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "loyalty_balances_org_id_customer_id_store_id_source_pk" PRIMARY KEY("org_id","customer_id","store_id","source")
);
--> statement-breakpoint
ALTER TABLE "loyalty_balances" ADD CONSTRAINT "loyalty_balances_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_balances" ADD CONSTRAINT "loyalty_balances_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_balances" ADD CONSTRAINT "loyalty_balances_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The single loyalty columns held whichever store's balance was read last: it is kept as the balance
-- of the customer's store of that vendor (the first such link when several); the other stores'
-- balances arrive with their next read.
INSERT INTO "loyalty_balances" ("org_id", "customer_id", "store_id", "source", "vendor", "points", "read_at")
SELECT DISTINCT ON (c."id") c."org_id", c."id", l."store_id", 'pos', c."loyalty_source", c."loyalty_points", c."updated_at"
  FROM "customers" c
  JOIN "customer_links" l ON l."org_id" = c."org_id" AND l."customer_id" = c."id"
  JOIN "store_integrations" i ON i."org_id" = l."org_id" AND i."store_id" = l."store_id" AND i."vendor" = c."loyalty_source"
 WHERE c."loyalty_points" IS NOT NULL AND c."loyalty_source" IS NOT NULL AND c."deleted_at" IS NULL
 ORDER BY c."id", l."created_at", l."id";--> statement-breakpoint
ALTER TABLE "customers" DROP COLUMN "loyalty_points";--> statement-breakpoint
ALTER TABLE "customers" DROP COLUMN "loyalty_source";--> statement-breakpoint
-- Customer data: the same organization policy as 0013_row-level-security.
ALTER TABLE "loyalty_balances" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY org_isolation ON "loyalty_balances" USING (org_id = patron_current_org()) WITH CHECK (org_id = patron_current_org());
