ALTER TABLE `pending_line_items` ADD `subscription_id` integer;--> statement-breakpoint
ALTER TABLE `pending_line_items` ADD `period_start` integer;--> statement-breakpoint
ALTER TABLE `pending_line_items` ADD `period_end` integer;--> statement-breakpoint
ALTER TABLE `pending_line_items` ADD `prorated` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `pending_line_items` ADD `follows_invoice_id` integer;--> statement-breakpoint
ALTER TABLE `pending_line_items` ADD `subscription_version` integer;--> statement-breakpoint
CREATE INDEX `pending_line_items_subscription` ON `pending_line_items` (`subscription_id`,`period_end`) WHERE subscription_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `pricing_mode` text DEFAULT 'per_unit' NOT NULL;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `tiers` text;