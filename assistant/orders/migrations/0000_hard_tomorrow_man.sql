CREATE TABLE `access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`username` text NOT NULL,
	`action` text NOT NULL,
	`target` text NOT NULL,
	`detail` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `access_log_staff` ON `access_log` (`staff_id`,`at`);--> statement-breakpoint
CREATE INDEX `access_log_target` ON `access_log` (`target`);--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`starts_at` text NOT NULL,
	`place` text,
	`note` text,
	`status` text DEFAULT 'booked' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appointments_order` ON `appointments` (`order_id`);--> statement-breakpoint
CREATE INDEX `appointments_time` ON `appointments` (`starts_at`);--> statement-breakpoint
CREATE TABLE `callbacks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`note` text,
	`at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `callbacks_order` ON `callbacks` (`order_id`);--> statement-breakpoint
CREATE TABLE `dispatch_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`match` text NOT NULL,
	`team_key` text NOT NULL,
	`loaded_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `order_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`event` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` integer,
	`actor_name` text,
	`reason` text,
	`data` text,
	`at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_events_seq` ON `order_events` (`order_id`,`seq`);--> statement-breakpoint
CREATE TABLE `order_seq` (
	`day` text PRIMARY KEY NOT NULL,
	`n` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_no` text NOT NULL,
	`type` text NOT NULL,
	`state` text NOT NULL,
	`channel` text NOT NULL,
	`reason` text NOT NULL,
	`conversation_id` text,
	`citizen_id` text,
	`citizen_name` text,
	`phone_enc` text,
	`phone_hash` text,
	`phone_masked` text,
	`progress_key` text,
	`region` text,
	`domain` text,
	`service` text,
	`urgency` text DEFAULT 'normal' NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`summary` text NOT NULL,
	`transcript` text DEFAULT '[]' NOT NULL,
	`triage` text,
	`articles` text DEFAULT '[]' NOT NULL,
	`waiting_since` text NOT NULL,
	`team_id` integer,
	`assignee_id` integer,
	`dispatch_rule` text,
	`appointment_at` text,
	`merged_into` integer,
	`resolution` text,
	`cited` text DEFAULT '[]' NOT NULL,
	`satisfaction` integer,
	`adopted` integer,
	`evaluation_comment` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`first_response_at` text,
	`resolved_at` text,
	`closed_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_no` ON `orders` (`order_no`);--> statement-breakpoint
CREATE INDEX `orders_state` ON `orders` (`state`,`priority`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_team` ON `orders` (`team_id`,`state`);--> statement-breakpoint
CREATE INDEX `orders_assignee` ON `orders` (`assignee_id`,`state`);--> statement-breakpoint
CREATE INDEX `orders_citizen` ON `orders` (`citizen_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_phone` ON `orders` (`phone_hash`);--> statement-breakpoint
CREATE INDEX `orders_type` ON `orders` (`type`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_conversation` ON `orders` (`conversation_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`staff_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_staff` ON `sessions` (`staff_id`);--> statement-breakpoint
CREATE TABLE `sla_clocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`clock` text NOT NULL,
	`started_at` text NOT NULL,
	`warn_at` text NOT NULL,
	`due_at` text NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`warned_at` text,
	`overdue_at` text,
	`escalated_to` integer,
	`stopped_at` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sla_clocks_running` ON `sla_clocks` (`status`,`due_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `sla_clocks_order` ON `sla_clocks` (`order_id`,`clock`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`team_id` integer,
	`password_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`max_load` integer DEFAULT 20 NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_username` ON `staff` (`username`);--> statement-breakpoint
CREATE INDEX `staff_team` ON `staff` (`team_id`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`kind` text DEFAULT 'internal' NOT NULL,
	`region` text,
	`phone` text,
	`assign_mode` text DEFAULT 'load' NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `teams_key` ON `teams` (`key`);