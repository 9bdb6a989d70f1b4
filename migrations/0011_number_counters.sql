CREATE TABLE `number_counters` (
	`tenant_id` integer NOT NULL,
	`kind` text NOT NULL,
	`last` integer NOT NULL,
	`width` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `kind`)
);
