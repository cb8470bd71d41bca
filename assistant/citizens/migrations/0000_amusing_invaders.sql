CREATE TABLE `citizen_access` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`staff_role` text NOT NULL,
	`action` text NOT NULL,
	`citizen_id` text,
	`detail` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `citizen_access_citizen` ON `citizen_access` (`citizen_id`,`at`);--> statement-breakpoint
CREATE INDEX `citizen_access_staff` ON `citizen_access` (`staff_id`,`at`);--> statement-breakpoint
CREATE TABLE `citizen_merges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` text NOT NULL,
	`target_id` text NOT NULL,
	`reason` text NOT NULL,
	`staff_id` integer NOT NULL,
	`at` text NOT NULL,
	`undone_at` text,
	`undone_by` integer,
	`undo_reason` text
);
--> statement-breakpoint
CREATE INDEX `citizen_merges_source` ON `citizen_merges` (`source_id`);--> statement-breakpoint
CREATE INDEX `citizen_merges_target` ON `citizen_merges` (`target_id`);--> statement-breakpoint
CREATE TABLE `citizen_numbers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`citizen_id` text NOT NULL,
	`kind` text NOT NULL,
	`enc` text NOT NULL,
	`hash` text NOT NULL,
	`masked` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`citizen_id`) REFERENCES `citizens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `citizen_numbers_hash` ON `citizen_numbers` (`kind`,`hash`);--> statement-breakpoint
CREATE INDEX `citizen_numbers_citizen` ON `citizen_numbers` (`citizen_id`);--> statement-breakpoint
CREATE TABLE `citizens` (
	`id` text PRIMARY KEY NOT NULL,
	`name_enc` text,
	`name_masked` text,
	`merged_into` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `citizens_merged` ON `citizens` (`merged_into`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`citizen_id` text NOT NULL,
	`channel` text NOT NULL,
	`conversation_id` text,
	`text` text,
	`summary` text,
	`topic` text,
	`satisfaction` integer,
	`staff_id` integer,
	`started_at` text NOT NULL,
	FOREIGN KEY (`citizen_id`) REFERENCES `citizens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contacts_citizen` ON `contacts` (`citizen_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `contacts_conversation` ON `contacts` (`conversation_id`);--> statement-breakpoint
CREATE TABLE `assist_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`target_kind` text,
	`target_id` text,
	`law` text,
	`article` text,
	`question` text,
	`note` text NOT NULL,
	`staff_id` integer NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`resolution` text,
	`resolved_by` integer,
	`resolved_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `assist_flags_state` ON `assist_flags` (`state`,`id`);--> statement-breakpoint
CREATE TABLE `assist_pushes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` text NOT NULL,
	`citizen_id` text NOT NULL,
	`trigger` text NOT NULL,
	`payload` text NOT NULL,
	`took_ms` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `assist_pushes_contact` ON `assist_pushes` (`contact_id`,`id`);--> statement-breakpoint
CREATE TABLE `learned_orders` (
	`order_id` integer PRIMARY KEY NOT NULL,
	`order_no` text NOT NULL,
	`past_order_id` integer,
	`status` text NOT NULL,
	`detail` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `learned_orders_no` ON `learned_orders` (`order_no`);--> statement-breakpoint
CREATE TABLE `suggestions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` text NOT NULL,
	`staff_id` integer NOT NULL,
	`staff_name` text NOT NULL,
	`topic` text NOT NULL,
	`question` text NOT NULL,
	`draft` text NOT NULL,
	`citations` text DEFAULT '[]' NOT NULL,
	`rejected_citations` text DEFAULT '[]' NOT NULL,
	`mode` text NOT NULL,
	`outcome` text DEFAULT 'pending' NOT NULL,
	`final_text` text,
	`final_citations` text,
	`reason` text,
	`decided_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `suggestions_staff` ON `suggestions` (`staff_id`,`outcome`);--> statement-breakpoint
CREATE INDEX `suggestions_topic` ON `suggestions` (`topic`,`outcome`);