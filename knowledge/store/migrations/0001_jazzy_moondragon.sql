CREATE TABLE `files` (
	`path` text PRIMARY KEY NOT NULL,
	`hash` text NOT NULL,
	`format` text NOT NULL,
	`documents` integer DEFAULT 0 NOT NULL,
	`units` integer DEFAULT 0 NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	`ingested_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `documents` ADD `file` text;--> statement-breakpoint
CREATE INDEX `documents_file` ON `documents` (`file`);