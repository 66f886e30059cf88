-- Issue 13 item 4: one sealed copy per survey KEY (keys rotate when access is revoked). Every
-- version stored so far shares one key, so existing copies belong to the newest version's key.
CREATE TABLE `__new_survey_keys` (
	`slug` text NOT NULL,
	`public_key` text NOT NULL,
	`member_id` text NOT NULL,
	`sealed_key` text NOT NULL,
	PRIMARY KEY(`slug`, `public_key`, `member_id`),
	FOREIGN KEY (`slug`) REFERENCES `surveys`(`slug`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_survey_keys` (`slug`, `public_key`, `member_id`, `sealed_key`)
SELECT k.`slug`,
       (SELECT v.`public_key` FROM `survey_versions` v WHERE v.`slug` = k.`slug` ORDER BY v.`version` DESC LIMIT 1),
       k.`member_id`, k.`sealed_key`
FROM `survey_keys` k
WHERE EXISTS (SELECT 1 FROM `survey_versions` v WHERE v.`slug` = k.`slug`);
--> statement-breakpoint
DROP TABLE `survey_keys`;
--> statement-breakpoint
ALTER TABLE `__new_survey_keys` RENAME TO `survey_keys`;
--> statement-breakpoint
-- Issue 16: invitations have a name, an id the owner's page can revoke them by, and a revoked flag.
CREATE TABLE `__new_invitations` (
	`id` text NOT NULL,
	`token_hash` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used` integer DEFAULT false NOT NULL,
	`revoked` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_invitations` (`id`, `token_hash`, `org_id`, `name`, `role`, `expires_at`, `used`)
SELECT lower(hex(randomblob(16))), `token_hash`, `org_id`, '', `role`, `expires_at`, `used` FROM `invitations`;
--> statement-breakpoint
DROP TABLE `invitations`;
--> statement-breakpoint
ALTER TABLE `__new_invitations` RENAME TO `invitations`;
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_id_unique` ON `invitations` (`id`);
--> statement-breakpoint
ALTER TABLE `members` ADD `name` text;
