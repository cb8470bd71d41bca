ALTER TABLE `chat_messages` ADD `order_no` text;--> statement-breakpoint
ALTER TABLE `chat_messages` ADD `order_state` text;