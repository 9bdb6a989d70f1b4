CREATE TABLE `payment_source_setups` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`gateway` text NOT NULL,
	`provider_session_id` text,
	`status` text NOT NULL,
	`payment_source_id` integer,
	`make_default` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_source_setups_tenant_customer` ON `payment_source_setups` (`tenant_id`,`customer_id`);