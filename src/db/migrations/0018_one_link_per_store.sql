-- One link per customer and store. Before this, a merge of two customers linked to the same store
-- left the survivor with both links, and a pull could link a second POS record of one person to a
-- customer already linked there. Of such pairs the migration keeps one link: the one with a POS
-- record, then the most recent change at the POS, then the oldest. The others are dropped: their POS
-- record, read again by the next pull, comes in as a customer of its own and is flagged as a
-- suspected duplicate, which a manager merges (the merge then retires it at the POS).
DELETE FROM "customer_links" l
USING (
  SELECT id, row_number() OVER (
    PARTITION BY org_id, store_id, customer_id
    ORDER BY (external_id IS NULL), pos_updated_at DESC NULLS LAST, created_at, id
  ) AS rank
  FROM "customer_links"
) ranked
WHERE l.id = ranked.id AND ranked.rank > 1;--> statement-breakpoint
DROP INDEX "customer_links_customer_store_idx";--> statement-breakpoint
ALTER TABLE "customer_links" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_links" ADD COLUMN "retirement" text;--> statement-breakpoint
-- Led by the customer, not the store: with the unique (store, external id) index, an index led by
-- (org, store) misled a planner without statistics into reading every link of the store per record
-- (issue 11, point 12). This one serves a customer's links and one store's link of a customer.
CREATE UNIQUE INDEX "customer_links_customer_store_key" ON "customer_links" USING btree ("org_id","customer_id","store_id");
