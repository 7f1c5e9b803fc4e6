-- Row-level security (DESIGN "Multi-tenancy"): the database itself keeps each organization's
-- customer data to that organization, whatever a query forgets. The application's queries run as
-- `patron_app` (src/db/database.ts), which owns nothing, cannot bypass RLS and sees only the rows of
-- the organization set for its transaction or connection (`app.org_id`, src/db/org-scope.ts).
-- Migrations, pg-boss and operator commands keep the owner connection.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'patron_app') THEN
    CREATE ROLE patron_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION
  -- Roles belong to the cluster: another database's migration may create it at the same moment.
  WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
-- The owner connection switches to the role with `-c role=patron_app` (a superuser needs no grant).
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'patron_app', 'MEMBER') THEN
    EXECUTE format('GRANT patron_app TO %I', current_user);
  END IF;
EXCEPTION
  WHEN unique_violation THEN NULL;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO patron_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO patron_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO patron_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO patron_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO patron_app;
--> statement-breakpoint
-- The audit trail is append-only (0004's trigger); the application role is not even granted changes.
REVOKE UPDATE, DELETE ON audit_events FROM patron_app;
--> statement-breakpoint
-- The organization of the current unit of work; null (no rows match) when none is set, including
-- the empty string a connection holds after it was set and reset.
CREATE OR REPLACE FUNCTION patron_current_org() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.org_id', true), '')::uuid $$;
--> statement-breakpoint
-- One policy per table holding customer data. Tables read before the organization is known stay
-- without RLS: organizations, stores, users, sessions, api_keys and customer_tokens (login and
-- bearer lookups by token digest), rate_limit_counters (login throttle, keyed by hashed address), store_integrations
-- (the pull scheduler's scan across organizations, inbound webhooks found by store), data_policies
-- (the retention sweep's settings) and webhook_subscriptions (settings, no customer data).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'customers', 'consent_events', 'audit_events', 'suspected_duplicates', 'erasures', 'customer_links',
    'quarantined_records', 'sync_conflicts', 'sync_outbox', 'erasure_propagations', 'data_quality_flags',
    'webhook_deliveries', 'sync_runs', 'kiosk_orders', 'customer_authorizations'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY org_isolation ON %I USING (org_id = patron_current_org()) WITH CHECK (org_id = patron_current_org())',
      t);
  END LOOP;
END $$;
--> statement-breakpoint
-- Under a policy, PostgreSQL uses a query's condition in an index only if its operator is LEAKPROOF
-- (it could otherwise see rows the policy hides first). The search operators are not marked so,
-- and fuzzy search fell from the trigram index to a scan of every row (60k customers: 14 ms to
-- 580 ms). They compute a result from their arguments and raise no error that depends on a row,
-- so they are marked; only a superuser may, so a non-superuser owner (DATABASE_URL) skips this
-- and search scans until a superuser runs the same statements (SECURITY.md).
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION similarity_op(text, text) LEAKPROOF;
    ALTER FUNCTION word_similarity_op(text, text) LEAKPROOF;
    ALTER FUNCTION word_similarity_commutator_op(text, text) LEAKPROOF;
    ALTER FUNCTION textlike(text, text) LEAKPROOF;
    ALTER FUNCTION arraycontains(anyarray, anyarray) LEAKPROOF;
  END IF;
END $$;
--> statement-breakpoint
-- The outbox dispatcher works across organizations: this names the organizations with changes
-- waiting (ids only), and it then dispatches each inside that organization's scope.
CREATE OR REPLACE FUNCTION patron_orgs_with_pending_outbox() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT DISTINCT org_id FROM public.sync_outbox WHERE dispatched_at IS NULL $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION patron_orgs_with_pending_outbox() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION patron_orgs_with_pending_outbox() TO patron_app;
