CREATE TABLE `publication_limits` (
	`org_id` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `feedback_channels` ADD `publication_k` integer;--> statement-breakpoint
ALTER TABLE `surveys` ADD `publication_k` integer;