ALTER TABLE `sessions` ADD `parent_customer_id` integer;--> statement-breakpoint
CREATE INDEX `sessions_tenant_parent` ON `sessions` (`tenant_id`,`parent_customer_id`) WHERE "sessions"."parent_customer_id" is not null;--> statement-breakpoint
CREATE INDEX `customers_tenant_parent` ON `customers` (`tenant_id`,`parent_customer`) WHERE "customers"."parent_customer" is not null;