CREATE TABLE `chat_citations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`position` integer NOT NULL,
	`law` text NOT NULL,
	`article` text NOT NULL,
	`status` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `chat_messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `chat_citations_message` ON `chat_citations` (`message_id`,`position`);--> statement-breakpoint
CREATE INDEX `chat_citations_article` ON `chat_citations` (`law`,`article`);--> statement-breakpoint
CREATE TABLE `chat_conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`citizen_id` text,
	`region` text,
	`status` text DEFAULT 'bot' NOT NULL,
	`order_no` text,
	`domain` text,
	`service` text,
	`first_asked_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `chat_conversations_citizen` ON `chat_conversations` (`citizen_id`);--> statement-breakpoint
CREATE INDEX `chat_conversations_updated` ON `chat_conversations` (`updated_at`);--> statement-breakpoint
CREATE TABLE `chat_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`role` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`mode` text,
	`confidence` real,
	`staff_id` integer,
	`staff_name` text,
	`created_at` text NOT NULL,
	`seq` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `chat_conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_conv_seq` ON `chat_messages` (`conversation_id`,`seq`);--> statement-breakpoint
CREATE TABLE `chat_ratings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`useful` integer NOT NULL,
	`comment` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `chat_messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_ratings_message` ON `chat_ratings` (`message_id`);--> statement-breakpoint
CREATE INDEX `chat_ratings_created` ON `chat_ratings` (`created_at`);--> statement-breakpoint
CREATE TABLE `chat_triage` (
	`message_id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`domain` text NOT NULL,
	`service` text NOT NULL,
	`confidence` real NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`urgency` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `chat_messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `chat_triage_conversation` ON `chat_triage` (`conversation_id`);--> statement-breakpoint
CREATE INDEX `chat_triage_domain` ON `chat_triage` (`domain`,`created_at`);