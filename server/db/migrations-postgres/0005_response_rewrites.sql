CREATE TABLE "response_rewrites" (
	"responses" bigint NOT NULL
);
--> statement-breakpoint
-- Hand-added: the one row, at zero, so a database upgraded with responses in arrival order is
-- rewritten after its first commit (postgres-rewrite.ts).
INSERT INTO "response_rewrites" ("responses") VALUES (0);
