-- Extensions Patron relies on: citext (case-insensitive emails), pg_trgm (fuzzy name search),
-- unaccent (accent-insensitive search). All three are trusted extensions, so a database owner
-- without superuser rights can create them.
CREATE EXTENSION IF NOT EXISTS citext;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
