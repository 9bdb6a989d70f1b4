CREATE TABLE `document_counts` (
	`tenant_id` integer NOT NULL,
	`kind` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `kind`)
);
