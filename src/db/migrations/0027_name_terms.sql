-- Search by name terms (customers/name-search.ts). fuzzystrmatch (Double Metaphone) ships with PostgreSQL's contrib, as pg_trgm and unaccent do.
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
--> statement-breakpoint
-- One search term per name: accent-free, lower-case, letters and digits only ("O'Brien-Díaz" is obriendiaz).
CREATE OR REPLACE FUNCTION patron_name_term(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT nullif(regexp_replace(patron_search_text(value), '[^[:alnum:]]+', '', 'g'), '') $$;
--> statement-breakpoint
-- A term with each one of its letters left out: two words within one edit (a letter wrong, missing, extra or two
-- swapped) share one of these, or one is the other's (the "symmetric delete" of SymSpell).
CREATE OR REPLACE FUNCTION patron_one_letter_deletions(term text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT coalesce(array_agg(DISTINCT left(term, i - 1) || substr(term, i + 1)), '{}') FROM generate_series(1, length(term)) AS i $$;
--> statement-breakpoint
CREATE TABLE "customer_name_terms" (
	"org_id" uuid NOT NULL,
	"term" text COLLATE "C" NOT NULL,
	"deletions" text[] GENERATED ALWAYS AS (patron_one_letter_deletions(term)) STORED,
	"sound" text GENERATED ALWAYS AS (dmetaphone(term)) STORED,
	"sound_alt" text GENERATED ALWAYS AS (dmetaphone_alt(term)) STORED,
	CONSTRAINT "customer_name_terms_org_id_term_pk" PRIMARY KEY("org_id","term")
);
--> statement-breakpoint
-- The "C" collation: byte order, so a prefix is a plain btree range and the order is the same on every server.
ALTER TABLE "customers" ADD COLUMN "first_term" text COLLATE "C" GENERATED ALWAYS AS (patron_name_term(first_name)) STORED,
  ADD COLUMN "last_term" text COLLATE "C" GENERATED ALWAYS AS (patron_name_term(last_name)) STORED,
  ADD COLUMN "preferred_term" text COLLATE "C" GENERATED ALWAYS AS (patron_name_term(preferred_name)) STORED,
  ADD COLUMN "phone_last4" text GENERATED ALWAYS AS (right(phone, 4)) STORED;--> statement-breakpoint
ALTER TABLE "customer_name_terms" ADD CONSTRAINT "customer_name_terms_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_name_terms_deletions_idx" ON "customer_name_terms" USING gin ("deletions");--> statement-breakpoint
CREATE INDEX "customer_name_terms_sound_idx" ON "customer_name_terms" USING btree ("org_id","sound");--> statement-breakpoint
CREATE INDEX "customer_name_terms_sound_alt_idx" ON "customer_name_terms" USING btree ("org_id","sound_alt");--> statement-breakpoint
-- INCLUDE (preferred_term): a step leaves out whom earlier steps found by any of the three names, read from the
-- index alone (drizzle-kit does not model INCLUDE; tables.ts says so). The term leads, the organization second: led by org_id and limited to live rows, these were the planner's pick
-- before statistics for any lookup of live customers (a range over the whole organization; cf. migration 0025).
CREATE INDEX "customers_last_term_idx" ON "customers" USING btree ("last_term","org_id","first_term","id") INCLUDE ("preferred_term") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "customers_first_term_idx" ON "customers" USING btree ("first_term","org_id","last_term","id") INCLUDE ("preferred_term") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "customers_preferred_term_idx" ON "customers" USING btree ("preferred_term","org_id","last_term","first_term","id") WHERE deleted_at IS NULL AND preferred_term IS NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_phone_last4_idx" ON "customers" USING btree ("phone_last4","org_id","last_term","first_term","id") WHERE deleted_at IS NULL AND phone IS NOT NULL;--> statement-breakpoint
-- An address's or a domain's customers in id order after it, so a page of those starting so is one index range
-- (a domain a third of the customers share, an address two partners share).
DROP INDEX "customers_org_email_prefix_idx";--> statement-breakpoint
CREATE INDEX "customers_org_email_prefix_idx" ON "customers" USING btree ("org_id",email text_pattern_ops,"id");--> statement-breakpoint
DROP INDEX "customers_org_email_domain_idx";--> statement-breakpoint
CREATE INDEX "customers_org_email_domain_idx" ON "customers" USING btree ("org_id",email_domain text_pattern_ops,"id");--> statement-breakpoint
-- Customer data: the same organization policy as 0013_row-level-security.
ALTER TABLE "customer_name_terms" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY org_isolation ON "customer_name_terms" USING (org_id = patron_current_org()) WITH CHECK (org_id = patron_current_org());--> statement-breakpoint
-- The terms within one edit of a word. Under row-level security the planner will not read the GIN index of
-- deletions for `&&` (arrayoverlap is not leakproof), so each search scanned every term of every organization;
-- this function reads the index as the table's owner, for the organization the connection is set to
-- (patron_current_org(), as the policy compares), never another's.
-- ($1 and $2 by position: a parameter named like the column would lose to it.)
CREATE OR REPLACE FUNCTION patron_terms_one_edit_from(word text, word_deletions text[]) RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT t.term FROM public.customer_name_terms t
     WHERE t.org_id = public.patron_current_org()
       AND (t.deletions && ($2 || $1) OR t.term = ANY ($2))
  $$;
--> statement-breakpoint
-- The terms follow the customers, whoever writes them (the service, a sync, a bulk load, retention): once per
-- statement over its transition tables, so a bulk insert of thousands of rows adds one INSERT ... SELECT.
-- A term leaves with the last live customer bearing it, so an erased name does not stay behind. Terms are
-- written and locked in term order, so two transactions adding (or removing) the same new terms wait for one
-- another instead of deadlocking.
-- (Three functions: a trigger's function may only name the transition tables its event has.)
-- Terms no live customer of the organization bears any longer.
CREATE OR REPLACE FUNCTION patron_name_terms_forget(pairs jsonb) RETURNS void
  LANGUAGE sql AS $$
    WITH locked AS (
      SELECT v.org_id, v.term FROM customer_name_terms v
        JOIN jsonb_to_recordset(pairs) AS gone(org_id uuid, term text)
          ON v.org_id = gone.org_id AND v.term = gone.term COLLATE "C"
       ORDER BY v.org_id, v.term FOR UPDATE OF v
    )
    DELETE FROM customer_name_terms v USING locked
     WHERE v.org_id = locked.org_id AND v.term = locked.term
       AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.org_id = v.org_id AND c.deleted_at IS NULL AND c.last_term = v.term)
       AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.org_id = v.org_id AND c.deleted_at IS NULL AND c.first_term = v.term)
       AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.org_id = v.org_id AND c.deleted_at IS NULL
                        AND c.preferred_term = v.term AND c.preferred_term IS NOT NULL)
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION patron_name_terms_after_insert() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_name_terms (org_id, term)
  SELECT DISTINCT n.org_id, t.term FROM new_rows n
    CROSS JOIN LATERAL (VALUES (n.first_term), (n.last_term), (n.preferred_term)) AS t(term)
   WHERE n.deleted_at IS NULL AND t.term IS NOT NULL
   ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION patron_name_terms_after_update() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  -- Most updates change no name (consent, loyalty, sync state): both differences are then empty.
  INSERT INTO customer_name_terms (org_id, term)
  SELECT org_id, term FROM (
    SELECT n.org_id, t.term FROM new_rows n
      CROSS JOIN LATERAL (VALUES (n.first_term), (n.last_term), (n.preferred_term)) AS t(term)
     WHERE n.deleted_at IS NULL AND t.term IS NOT NULL
    EXCEPT
    SELECT o.org_id, t.term FROM old_rows o
      CROSS JOIN LATERAL (VALUES (o.first_term), (o.last_term), (o.preferred_term)) AS t(term)
     WHERE o.deleted_at IS NULL AND t.term IS NOT NULL
  ) AS added ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  PERFORM patron_name_terms_forget(coalesce(jsonb_agg(jsonb_build_object('org_id', g.org_id, 'term', g.term)), '[]'))
     FROM (
       SELECT o.org_id, t.term FROM old_rows o
         CROSS JOIN LATERAL (VALUES (o.first_term), (o.last_term), (o.preferred_term)) AS t(term)
        WHERE t.term IS NOT NULL
       EXCEPT
       SELECT n.org_id, t.term FROM new_rows n
         CROSS JOIN LATERAL (VALUES (n.first_term), (n.last_term), (n.preferred_term)) AS t(term)
        WHERE n.deleted_at IS NULL AND t.term IS NOT NULL
     ) AS g;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION patron_name_terms_after_delete() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM patron_name_terms_forget(coalesce(jsonb_agg(jsonb_build_object('org_id', g.org_id, 'term', g.term)), '[]'))
     FROM (
       SELECT DISTINCT o.org_id, t.term FROM old_rows o
         CROSS JOIN LATERAL (VALUES (o.first_term), (o.last_term), (o.preferred_term)) AS t(term)
        WHERE t.term IS NOT NULL
     ) AS g;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER customers_name_terms_insert AFTER INSERT ON customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patron_name_terms_after_insert();--> statement-breakpoint
CREATE TRIGGER customers_name_terms_update AFTER UPDATE ON customers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patron_name_terms_after_update();--> statement-breakpoint
CREATE TRIGGER customers_name_terms_delete AFTER DELETE ON customers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION patron_name_terms_after_delete();--> statement-breakpoint
INSERT INTO customer_name_terms (org_id, term)
SELECT DISTINCT c.org_id, t.term FROM customers c
  CROSS JOIN LATERAL (VALUES (c.first_term), (c.last_term), (c.preferred_term)) AS t(term)
 WHERE c.deleted_at IS NULL AND t.term IS NOT NULL;
