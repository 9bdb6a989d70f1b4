CREATE INDEX `estimates_tenant_id` ON `estimates` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `invoices_tenant_id` ON `invoices` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `invoices_tenant_customer_currency` ON `invoices` (`tenant_id`,`customer_id`,`currency`,`status`,`paid`,`draft`,`voided`,`balance`,`total`,`due_date`,`date`);--> statement-breakpoint
CREATE INDEX `payment_applications_credit` ON `payment_applications` (`payment_id`,`tenant_id`,`amount`) WHERE type = 'credit';--> statement-breakpoint
CREATE INDEX `payment_sources_tenant_customer_created` ON `payment_sources` (`tenant_id`,`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `payments_tenant_customer_currency` ON `payments` (`tenant_id`,`customer_id`,`currency`,`status`);