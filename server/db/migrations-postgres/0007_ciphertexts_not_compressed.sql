-- Sealed ciphertexts in base64 never compress, but PostgreSQL tries (pglz) on every value over
-- about 2 kB before it moves it out of line: on each insert and on each copy of a rewrite in key
-- order (postgres-rewrite.ts, whose LIKE … INCLUDING ALL keeps this setting). EXTERNAL moves them
-- out of line without trying. Metadata only: rows stored before are moved on their next rewrite.
ALTER TABLE "response_parts" ALTER COLUMN "ciphertext" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "feedback_messages" ALTER COLUMN "ciphertext" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "feedback_replies" ALTER COLUMN "ciphertext" SET STORAGE EXTERNAL;
