CREATE TABLE `invitation_codes` (
	`slug` text NOT NULL,
	`code_hash` text NOT NULL,
	`spent` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`slug`, `code_hash`),
	FOREIGN KEY (`slug`) REFERENCES `surveys`(`slug`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `publications` (
	`slug` text NOT NULL,
	`number` integer NOT NULL,
	`body` text NOT NULL,
	`published_on` text NOT NULL,
	`withdrawn` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`slug`, `number`),
	FOREIGN KEY (`slug`) REFERENCES `surveys`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `responses` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`ciphertext` text NOT NULL,
	`received_on` text NOT NULL,
	FOREIGN KEY (`slug`) REFERENCES `surveys`(`slug`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `responses_by_survey` ON `responses` (`slug`,`received_on`);--> statement-breakpoint
CREATE TABLE `survey_versions` (
	`slug` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`public_key` text NOT NULL,
	`created_on` text NOT NULL,
	PRIMARY KEY(`slug`, `version`),
	FOREIGN KEY (`slug`) REFERENCES `surveys`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `surveys` (
	`slug` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`created_on` text NOT NULL,
	`max_responses_per_day` integer,
	`requires_code` integer DEFAULT false NOT NULL
);
