-- The consent ledger's latest statement wins, so a statement dated in the future (a customer token
-- once could send `at`) beat every later withdrawal. Repair what is held, say so in the audit trail,
-- then let the database refuse a statement dated after its recording.
--
-- 1. Audit first (it names the customers repaired): statements dated more than a second after their
-- recording. Closer ones are the old code's clock, not a claim: it dated a statement with the
-- application's clock a few milliseconds after the transaction (recorded_at) began; they are
-- re-timed below all the same, silently.
INSERT INTO "audit_events" ("org_id", "actor", "action", "customer_id", "fields", "origin")
SELECT "org_id", 'system:migration', 'consent_retimed', "customer_id", array_agg(DISTINCT 'consents.' || "channel"), 'migration:consent_server_time'
FROM "consent_events"
WHERE "at" > "recorded_at" + interval '1 second'
GROUP BY "org_id", "customer_id";
--> statement-breakpoint
-- 2. A statement made with a customer token was that customer's (or, by the old default, the
-- kiosk's): any other source it names was the client's claim.
INSERT INTO "audit_events" ("org_id", "actor", "action", "customer_id", "fields", "origin")
SELECT "org_id", 'system:migration', 'consent_resourced', "customer_id", array_agg(DISTINCT 'consents.' || "channel"), 'migration:consent_server_time'
FROM "consent_events"
WHERE "recorded_by" LIKE 'customer:%' AND "source" NOT IN ('customer', 'kiosk')
GROUP BY "org_id", "customer_id";
--> statement-breakpoint
UPDATE "consent_events" SET "source" = 'customer'
WHERE "recorded_by" LIKE 'customer:%' AND "source" NOT IN ('customer', 'kiosk');
--> statement-breakpoint
UPDATE "consent_events" SET "at" = "recorded_at" WHERE "at" > "recorded_at";
--> statement-breakpoint
-- 3. The customer's current consents, derived again from the ledger as customers/consents.ts does
-- (latest first, a withdrawal wins a tie), for every customer whose derived state now differs.
UPDATE "customers" AS c SET "consents" = c."consents" || latest."state"
FROM (
  SELECT "org_id", "customer_id", jsonb_object_agg("channel", jsonb_build_object(
    'granted', "granted",
    'at', to_char("at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'source', "source")) AS "state"
  FROM (
    SELECT DISTINCT ON ("org_id", "customer_id", "channel") "org_id", "customer_id", "channel", "granted", "at", "source"
    FROM "consent_events"
    ORDER BY "org_id", "customer_id", "channel", "at" DESC, "granted" ASC, "recorded_at" DESC
  ) AS newest
  GROUP BY "org_id", "customer_id"
) AS latest
WHERE c."org_id" = latest."org_id" AND c."id" = latest."customer_id" AND c."consents" IS DISTINCT FROM c."consents" || latest."state";
--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_not_dated_after_recording" CHECK ("consent_events"."at" <= "consent_events"."recorded_at");
