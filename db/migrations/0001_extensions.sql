-- Trigram indexes give substring search that also works for Chinese text (no word boundaries).
-- pg_trgm is a trusted extension: the database owner may create it without superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
