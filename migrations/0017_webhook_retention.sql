ALTER TABLE `tenants` ADD `notification_email` text;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_finished` ON `webhook_deliveries` (`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `webhook_fanouts_created` ON `webhook_fanouts` (`created_at`);