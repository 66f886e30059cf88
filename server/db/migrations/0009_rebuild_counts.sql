CREATE TABLE `response_rewrites` (
	`responses` integer NOT NULL,
	`feedback_messages` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- The responses' count at the last rebuild was kept in the file's header until now; the
-- messages are counted from none, so a file holding ten or more has them rebuilt once.
INSERT INTO `response_rewrites` (`responses`, `feedback_messages`) SELECT `user_version`, 0 FROM pragma_user_version;
