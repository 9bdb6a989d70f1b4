ALTER TABLE `dev_outbox` ADD `attachments` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `support_email` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `support_phone` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `postal_address` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `tax_id` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `website` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `autopay_terms` text;