-- Issue 13: storage that keeps no arrival order (schema.ts explains each table). Edited by hand
-- after drizzle-kit generate: WITHOUT ROWID, and the data carried over. Runs with
-- secure_delete on (client.ts), so the pages of the dropped tables are zeroed, not just freed.
CREATE TABLE `response_days` (
	`slug` text NOT NULL,
	`day` text NOT NULL,
	`responses` integer NOT NULL,
	PRIMARY KEY(`slug`, `day`),
	FOREIGN KEY (`slug`) REFERENCES `surveys`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `response_days` (`slug`, `day`, `responses`)
	SELECT `slug`, `received_on`, count(*) FROM `responses` GROUP BY `slug`, `received_on`;
--> statement-breakpoint
CREATE TABLE `response_parts` (
	`slug` text NOT NULL,
	`key` text NOT NULL,
	`id` text NOT NULL,
	`part` integer NOT NULL,
	`parts` integer NOT NULL,
	`ciphertext` text NOT NULL,
	`received_on` text NOT NULL,
	PRIMARY KEY(`slug`, `key`),
	FOREIGN KEY (`slug`) REFERENCES `surveys`(`slug`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
-- Earlier responses move as one part each, written in key order: whatever order the old file
-- kept, the new table's pages (overflow pages included) follow the random ids.
INSERT INTO `response_parts` (`slug`, `key`, `id`, `part`, `parts`, `ciphertext`, `received_on`)
	SELECT `slug`, `id`, `id`, 0, 1, `ciphertext`, `received_on` FROM `responses` ORDER BY `slug`, `id`;
--> statement-breakpoint
DROP TABLE `responses`;
--> statement-breakpoint
CREATE TABLE `__new_invitation_codes` (
	`slug` text NOT NULL,
	`code_hash` text NOT NULL,
	PRIMARY KEY(`slug`, `code_hash`),
	FOREIGN KEY (`slug`) REFERENCES `surveys`(`slug`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
-- Spent codes are not carried over: a code is spent when its row is gone.
INSERT INTO `__new_invitation_codes` (`slug`, `code_hash`)
	SELECT `slug`, `code_hash` FROM `invitation_codes` WHERE `spent` = 0 ORDER BY `slug`, `code_hash`;
--> statement-breakpoint
DROP TABLE `invitation_codes`;
--> statement-breakpoint
ALTER TABLE `__new_invitation_codes` RENAME TO `invitation_codes`;
