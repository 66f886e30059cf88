CREATE TABLE `login_counts` (
	`email_hash` text PRIMARY KEY NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE `members` DROP COLUMN `failed_logins`;--> statement-breakpoint
ALTER TABLE `members` DROP COLUMN `locked_until`;