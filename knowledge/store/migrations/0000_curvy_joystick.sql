CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`part` text,
	`issuer` text,
	`promulgated` text,
	`effective` text,
	`status` text NOT NULL,
	`version` text,
	`region` text,
	`source` text NOT NULL,
	`hash` text NOT NULL,
	`meta` text DEFAULT '{}' NOT NULL,
	`ingested_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_source` ON `documents` (`source`);--> statement-breakpoint
CREATE INDEX `documents_title` ON `documents` (`title`,`status`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `past_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text,
	`question` text NOT NULL,
	`summary` text,
	`category` text,
	`channel` text,
	`region` text,
	`resolution` text,
	`cited` text DEFAULT '[]' NOT NULL,
	`created_at` text,
	`resolved_at` text,
	`satisfaction` real,
	`synthetic` integer DEFAULT false NOT NULL,
	`source` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `past_orders_ext` ON `past_orders` (`source`,`external_id`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_id` integer NOT NULL,
	`number` text,
	`position` integer NOT NULL,
	`path` text DEFAULT '[]' NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`doc_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `units_doc` ON `units` (`doc_id`,`position`);--> statement-breakpoint
CREATE INDEX `units_number` ON `units` (`number`);