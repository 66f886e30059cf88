-- Part keys start with their response id's first two characters (responses.ts partKey), so a
-- stretch of ids holds every part of its responses and is read in one pass. Written by hand: the
-- new key is the old one with its first two characters replaced, and the table is copied in key
-- order like 0004, so its pages follow the keys and not the order of this rewrite. Runs with
-- secure_delete on (client.ts): the old table's pages are zeroed.
CREATE TABLE `__new_response_parts` (
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
INSERT INTO `__new_response_parts` (`slug`, `key`, `id`, `part`, `parts`, `ciphertext`, `received_on`)
	SELECT `slug`, `new_key`, `id`, `part`, `parts`, `ciphertext`, `received_on` FROM (
		SELECT *, CASE WHEN `part` = 0 THEN `key` ELSE substr(`id`, 1, 2) || substr(`key`, 3) END AS `new_key`
		FROM `response_parts`
	) ORDER BY `slug`, `new_key`;
--> statement-breakpoint
DROP TABLE `response_parts`;
--> statement-breakpoint
ALTER TABLE `__new_response_parts` RENAME TO `response_parts`;
