-- Name keys (domain/identity.ts `normalizeName`) now fold the letters NFKD leaves whole (ł, ø, ß...)
-- as unaccent does, so "Łukasz Weiß" and "Lukasz Weiss" born the same day are suspected duplicates.
-- Keys stored before are lower-case with marks already stripped: folding those letters in them gives
-- exactly the new key. First the pairs the folded keys make (detection otherwise runs on writes
-- only), then the keys. The letter table is FOLDED_LETTERS in domain/identity.ts.
CREATE FUNCTION pg_temp.fold_name_key(key text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(key,
    'ł', 'l'), 'ø', 'o'), 'đ', 'd'), 'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'ı', 'i'), 'þ', 'th'), 'ð', 'd'),
    'ħ', 'h'), 'ŧ', 't')
$$;--> statement-breakpoint
INSERT INTO suspected_duplicates (org_id, customer_a, customer_b, reason)
SELECT a.org_id, least(a.id, b.id), greatest(a.id, b.id), 'same_name_and_birthday'
FROM customers a
JOIN customers b ON b.org_id = a.org_id AND b.id <> a.id AND b.deleted_at IS NULL
  AND b.date_of_birth = a.date_of_birth AND b.name_key IS NOT NULL
  AND pg_temp.fold_name_key(b.name_key) = pg_temp.fold_name_key(a.name_key)
WHERE a.deleted_at IS NULL AND a.name_key ~ '[łøđßæœıþðħŧ]'
ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE customers SET name_key = pg_temp.fold_name_key(name_key) WHERE name_key ~ '[łøđßæœıþðħŧ]';
