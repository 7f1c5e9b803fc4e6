/**
 * The statements Patron sends for each benchmarked operation, as Drizzle renders them (captured
 * from the query log of the real service). The minimal server runs exactly these, so the gap
 * between the two is Patron's own cost: authentication, validation, audit, decryption, serialization.
 * Searches are not here: their statements are captured from Patron for each input (captured-searches.ts).
 * If search.ts changes a lookup's statement, update these (bench/run.ts checks both answer the same ids).
 */

const CUSTOMER_COLUMNS = `"id", "org_id", "version", "first_name", "last_name", "preferred_name", "date_of_birth", "phone",
  "email", "customer_type", "medical_card_number_enc", "medical_card_number_index", "medical_state", "medical_expires_on",
  "id_document_type", "id_document_number_enc", "id_document_number_index", "id_document_state", "id_document_expires_on",
  "address", "consents", "tags", "notes", "home_store_id", "name_key", "search_name", "email_domain", "first_term",
  "last_term", "preferred_term", "phone_last4", "last_visit_at", "field_changed_at", "created_at", "updated_at",
  "deleted_at", "merged_into_id"`;

/** $1 org, $2 id. */
export const GET_BY_ID = `select ${CUSTOMER_COLUMNS} from "customers"
  where ("customers"."org_id" = $1 and "customers"."id" = $2 and "customers"."deleted_at" is null)`;

/** $1 org, $2 E.164 phone, $3 limit + 1. Ordered by name, as a search without `q`. */
export const BY_PHONE = `select ${CUSTOMER_COLUMNS},
  lower("customers"."last_name") || E'\\x1f' || lower("customers"."first_name") as "sort_key" from "customers"
  where ("customers"."org_id" = $1 and "customers"."deleted_at" is null and "customers"."phone" = $2)
  order by lower("customers"."last_name") ASC, lower("customers"."first_name") ASC, "customers"."id" ASC limit $3`;

/** The customer insert (Drizzle's, with every column the service sets), returning the row at once. */
export const INSERT_CUSTOMER = `insert into "customers" ("id", "org_id", "version", "first_name", "last_name", "preferred_name",
  "date_of_birth", "phone", "email", "customer_type", "medical_card_number_enc", "medical_card_number_index", "medical_state",
  "medical_expires_on", "id_document_type", "id_document_number_enc", "id_document_number_index", "id_document_state",
  "id_document_expires_on", "address", "consents", "tags", "notes", "home_store_id", "name_key", "last_visit_at",
  "field_changed_at", "created_at", "updated_at", "deleted_at", "merged_into_id")
  values (default, $1, default, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
    $22, $23, default, default, default, default, default, default)
  returning ${CUSTOMER_COLUMNS}`;

/** Patron's authentication of a session token (resolveBearer): $1 SHA-256 of the token, $2 1. */
export const SESSION_BY_TOKEN = `select "sessions"."id", "users"."id", "users"."org_id", "users"."role" from "sessions"
  inner join "users" on "users"."id" = "sessions"."user_id"
  where ("sessions"."token_hash" = $1 and "sessions"."revoked_at" is null and "sessions"."expires_at" > now()
    and "users"."deleted_at" is null) limit $2`;

/** Patron's audit of a view (recordAccess): $1 org, $2 actor, $3 action, $4 customer, $5 fields, $6 origin. */
export const AUDIT_ACCESS = `WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))
  INSERT INTO audit_events (org_id, actor, action, customer_id, fields, origin)
  SELECT $1, $2, $3, $4, string_to_array($5, ','), $6 FROM async_commit`;
