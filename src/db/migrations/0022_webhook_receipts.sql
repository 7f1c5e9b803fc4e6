CREATE TABLE "webhook_receipts" (
	"org_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"replay_key" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webhook_receipts_org_id_store_id_replay_key_pk" PRIMARY KEY("org_id","store_id","replay_key")
);
--> statement-breakpoint
ALTER TABLE "webhook_receipts" ADD CONSTRAINT "webhook_receipts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_receipts" ADD CONSTRAINT "webhook_receipts_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_receipts_expiry_idx" ON "webhook_receipts" USING btree ("org_id","store_id","expires_at");--> statement-breakpoint
-- Written and read only after the store's organization is known (the inbound webhook runs in it):
-- the same organization policy as 0013_row-level-security.
ALTER TABLE "webhook_receipts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY org_isolation ON "webhook_receipts" USING (org_id = patron_current_org()) WITH CHECK (org_id = patron_current_org());
