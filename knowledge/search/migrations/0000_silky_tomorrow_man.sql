CREATE TABLE `search_artifacts` (
	`key` text PRIMARY KEY NOT NULL,
	`generation` text NOT NULL,
	`format` integer NOT NULL,
	`bytes` blob NOT NULL,
	`built_at` text NOT NULL
);
