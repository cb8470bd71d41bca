CREATE INDEX `orders_queue` ON `orders` ("priority" desc,`waiting_since`,`id`);--> statement-breakpoint
CREATE INDEX `orders_created` ON `orders` (`created_at`,`id`);