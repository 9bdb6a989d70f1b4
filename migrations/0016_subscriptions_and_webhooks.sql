CREATE TABLE `autopay_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`invoice_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`status` text NOT NULL,
	`payment_attempt_id` text,
	`error_message` text,
	`next_attempt_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `autopay_attempts_invoice_attempt` ON `autopay_attempts` (`invoice_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `autopay_attempts_retry` ON `autopay_attempts` (`next_attempt_at`) WHERE next_attempt_at IS NOT NULL;--> statement-breakpoint
CREATE TABLE `pending_line_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`catalog_item` text,
	`type` text,
	`name` text NOT NULL,
	`description` text,
	`quantity_e4` integer NOT NULL,
	`unit_cost` integer NOT NULL,
	`currency` text NOT NULL,
	`discountable` integer DEFAULT true NOT NULL,
	`taxable` integer DEFAULT true NOT NULL,
	`invoice_id` integer,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pending_line_items_customer` ON `pending_line_items` (`tenant_id`,`customer_id`,`invoice_id`);--> statement-breakpoint
CREATE TABLE `subscription_renewals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`subscription_id` integer NOT NULL,
	`period_start` integer NOT NULL,
	`period_end` integer NOT NULL,
	`invoice_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscription_renewals_period` ON `subscription_renewals` (`subscription_id`,`period_start`);--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`plan` text NOT NULL,
	`plan_name` text NOT NULL,
	`currency` text NOT NULL,
	`plan_amount` integer NOT NULL,
	`interval` text NOT NULL,
	`interval_count` integer DEFAULT 1 NOT NULL,
	`quantity` integer DEFAULT 1 NOT NULL,
	`amount` integer,
	`addons` text DEFAULT '[]' NOT NULL,
	`discounts` text DEFAULT '[]' NOT NULL,
	`taxes` text DEFAULT '[]' NOT NULL,
	`start_date` integer NOT NULL,
	`anchor` integer NOT NULL,
	`snap_to_nth_day` integer,
	`bill_in` text DEFAULT 'advance' NOT NULL,
	`bill_in_advance_days` integer DEFAULT 0 NOT NULL,
	`cycles` integer,
	`contract_renewal_mode` text DEFAULT 'none' NOT NULL,
	`contract_renewal_cycles` integer,
	`term_start_index` integer DEFAULT 0 NOT NULL,
	`periods_billed` integer DEFAULT 0 NOT NULL,
	`period_start` integer,
	`period_end` integer,
	`renews_next` integer,
	`cancel_at_period_end` integer DEFAULT false NOT NULL,
	`canceled_at` integer,
	`canceled_reason` text,
	`paused` integer DEFAULT false NOT NULL,
	`past_due` integer DEFAULT false NOT NULL,
	`pending_change` text,
	`status` text DEFAULT 'active' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subscriptions_due` ON `subscriptions` (`renews_next`) WHERE renews_next IS NOT NULL AND canceled_at IS NULL AND paused = 0;--> statement-breakpoint
CREATE INDEX `subscriptions_tenant_customer` ON `subscriptions` (`tenant_id`,`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `subscriptions_tenant_id` ON `subscriptions` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TABLE `test_clocks` (
	`tenant_id` integer PRIMARY KEY NOT NULL,
	`frozen_time` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `dev_webhooks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`webhook_id` text,
	`timestamp` text,
	`signature` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`endpoint_id` integer NOT NULL,
	`event_id` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_attempt_at` integer,
	`last_status_code` integer,
	`last_response` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_endpoint_event` ON `webhook_deliveries` (`endpoint_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_log` ON `webhook_deliveries` (`tenant_id`,`endpoint_id`,`id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`url` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`events` text NOT NULL,
	`secret_enc` text NOT NULL,
	`previous_secret_enc` text,
	`previous_secret_expires_at` integer,
	`failing_since` integer,
	`disabled_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_tenant` ON `webhook_endpoints` (`tenant_id`,`enabled`);--> statement-breakpoint
CREATE TABLE `webhook_fanouts` (
	`event_id` integer PRIMARY KEY NOT NULL,
	`tenant_id` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `tenants` ADD `time_zone` text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `dunning_retry_days` text DEFAULT '[3,5,7]' NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `dunning_final_action` text DEFAULT 'past_due' NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `subscription_downgrades` text DEFAULT 'period_end' NOT NULL;--> statement-breakpoint
ALTER TABLE `line_items` ADD `subscription_id` integer;--> statement-breakpoint
ALTER TABLE `line_items` ADD `period_start` integer;--> statement-breakpoint
ALTER TABLE `line_items` ADD `period_end` integer;--> statement-breakpoint
ALTER TABLE `line_items` ADD `prorated` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `customers_autopay_tenant` ON `customers` (`tenant_id`) WHERE autopay = 1;