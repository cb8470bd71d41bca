CREATE TABLE `voice_calls` (
	`id` text PRIMARY KEY NOT NULL,
	`protocol` text NOT NULL,
	`external_id` text,
	`caller_masked` text,
	`citizen_id` text,
	`conversation_id` text NOT NULL,
	`mode` text NOT NULL,
	`engines` text NOT NULL,
	`started_at` text NOT NULL,
	`ended_at` text,
	`end_reason` text,
	`order_no` text,
	`turns` integer DEFAULT 0 NOT NULL,
	`late_frames` integer DEFAULT 0 NOT NULL,
	`frames_sent` integer DEFAULT 0 NOT NULL,
	`recording_path` text
);
--> statement-breakpoint
CREATE INDEX `voice_calls_started` ON `voice_calls` (`started_at`);--> statement-breakpoint
CREATE INDEX `voice_calls_citizen` ON `voice_calls` (`citizen_id`);--> statement-breakpoint
CREATE TABLE `voice_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` text NOT NULL,
	`at` text NOT NULL,
	`kind` text NOT NULL,
	`role` text NOT NULL,
	`text` text,
	`data` text,
	FOREIGN KEY (`call_id`) REFERENCES `voice_calls`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `voice_events_call` ON `voice_events` (`call_id`,`id`);