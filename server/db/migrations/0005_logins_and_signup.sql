CREATE TABLE `login_devices` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer DEFAULT 0 NOT NULL,
	`last_login_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `login_devices_by_member` ON `login_devices` (`member_id`);--> statement-breakpoint
CREATE TABLE `organization_invitations` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`expires_at` integer NOT NULL
);
