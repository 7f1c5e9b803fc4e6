-- btree_gin lets one GIN index hold org_id next to trigrams, so every fuzzy search stays inside
-- one organization's part of the index.
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could change), so it cannot feed a generated column or
-- an index directly. Naming the dictionary makes the result fixed; this wrapper says so.
CREATE OR REPLACE FUNCTION patron_search_text(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;
