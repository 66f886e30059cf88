CREATE TABLE `feedback_channels` (
	`slug` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`public_key` text NOT NULL,
	`sensitive_public_key` text NOT NULL,
	`frame` text NOT NULL,
	`created_on` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_channels_org_id_unique` ON `feedback_channels` (`org_id`);--> statement-breakpoint
CREATE TABLE `feedback_keys` (
	`slug` text NOT NULL,
	`member_id` text NOT NULL,
	`kind` text NOT NULL,
	`sealed_key` text NOT NULL,
	PRIMARY KEY(`slug`, `member_id`, `kind`),
	FOREIGN KEY (`slug`) REFERENCES `feedback_channels`(`slug`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `feedback_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`sensitive` integer NOT NULL,
	`ciphertext` text NOT NULL,
	`lookup` text NOT NULL,
	`month` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`assignee` text,
	`coding` text,
	FOREIGN KEY (`slug`) REFERENCES `feedback_channels`(`slug`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_messages_lookup_unique` ON `feedback_messages` (`lookup`);--> statement-breakpoint
CREATE INDEX `feedback_messages_by_channel` ON `feedback_messages` (`slug`,`sensitive`);--> statement-breakpoint
CREATE TABLE `feedback_publications` (
	`slug` text NOT NULL,
	`number` integer NOT NULL,
	`body` text NOT NULL,
	`published_on` text NOT NULL,
	`withdrawn` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`slug`, `number`),
	FOREIGN KEY (`slug`) REFERENCES `feedback_channels`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `feedback_replies` (
	`message_id` text NOT NULL,
	`number` integer NOT NULL,
	`ciphertext` text NOT NULL,
	`day` text NOT NULL,
	PRIMARY KEY(`message_id`, `number`),
	FOREIGN KEY (`message_id`) REFERENCES `feedback_messages`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `members` ADD `safeguarding` integer DEFAULT false NOT NULL;