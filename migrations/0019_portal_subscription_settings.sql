ALTER TABLE `tenants` ADD `subscription_change_plans` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `subscription_min_quantity` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `subscription_max_quantity` integer;--> statement-breakpoint
ALTER TABLE `tenants` ADD `allow_immediate_cancellation` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `allow_subscription_pause` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `cancellation_retention_coupon` text;