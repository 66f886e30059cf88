-- The feedback messages held at the last rewrite of the feedback tables (postgres-rewrite.ts).
-- At zero, a database upgraded with messages in commit order is rewritten after its next message.
ALTER TABLE "response_rewrites" ADD COLUMN "feedback_messages" bigint DEFAULT 0 NOT NULL;
