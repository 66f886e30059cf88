-- Part keys start with their response id's first two characters (responses.ts partKey), so a
-- stretch of ids holds every part of its responses and is read in one pass: the new key is the
-- old one with its first two characters replaced. Written by hand (no schema change).
UPDATE "response_parts" SET "key" = substr("id", 1, 2) || substr("key", 3) WHERE "part" > 0;
