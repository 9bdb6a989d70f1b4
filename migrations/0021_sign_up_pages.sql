CREATE TABLE `sign_up_pages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`name` text NOT NULL,
	`type` text DEFAULT 'recurring' NOT NULL,
	`plans` text DEFAULT '[]' NOT NULL,
	`addons` text DEFAULT '[]' NOT NULL,
	`taxes` text DEFAULT '[]' NOT NULL,
	`has_quantity` integer DEFAULT false NOT NULL,
	`has_coupon_code` integer DEFAULT false NOT NULL,
	`trial_period_days` integer DEFAULT 0 NOT NULL,
	`billing_address` integer DEFAULT true NOT NULL,
	`shipping_address` integer DEFAULT false NOT NULL,
	`allow_multiple_subscriptions` integer DEFAULT false NOT NULL,
	`header_text` text,
	`tos_url` text,
	`thanks_url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sign_up_pages_tenant` ON `sign_up_pages` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TABLE `sign_up_submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`page_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`browser_hash` text,
	`customer_id` integer,
	`subscription_id` integer,
	`invoice_public_id` text,
	`source_public_id` text,
	`email_existed` integer DEFAULT false NOT NULL,
	`session_at` integer,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sign_up_submissions_token` ON `sign_up_submissions` (`tenant_id`,`token_hash`);--> statement-breakpoint
CREATE INDEX `sign_up_submissions_browser` ON `sign_up_submissions` (`tenant_id`,`browser_hash`);--> statement-breakpoint
ALTER TABLE `customers` ADD `sign_up_page` integer;--> statement-breakpoint
ALTER TABLE `customers` ADD `sign_up_token` text;