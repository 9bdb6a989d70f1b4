CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `sso_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`key_enc` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sso_keys_tenant` ON `sso_keys` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `tenant_domains` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`host` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenant_domains_host_unique` ON `tenant_domains` (`host`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`name` text NOT NULL,
	`logo_url` text,
	`highlight_color` text DEFAULT '#1d4ed8' NOT NULL,
	`currency` text DEFAULT 'usd' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`allow_partial_payments` integer DEFAULT true NOT NULL,
	`allow_advance_payments` integer DEFAULT false NOT NULL,
	`allow_autopay_enrollment` integer DEFAULT true NOT NULL,
	`allow_autopay_opt_out` integer DEFAULT false NOT NULL,
	`allow_billing_portal_cancellations` integer DEFAULT false NOT NULL,
	`allow_subscription_changes` integer DEFAULT false NOT NULL,
	`allow_billing_portal_profile_changes` integer DEFAULT true NOT NULL,
	`allow_editing_contacts` integer DEFAULT true NOT NULL,
	`require_authentication` integer DEFAULT true NOT NULL,
	`estimate_auto_invoice` integer DEFAULT false NOT NULL,
	`welcome_message` text,
	`session_idle_seconds` integer DEFAULT 3600 NOT NULL,
	`session_absolute_seconds` integer DEFAULT 43200 NOT NULL,
	`sso_max_lifetime_seconds` integer DEFAULT 3600 NOT NULL,
	`sso_issuer` text,
	`payment_gateway` text DEFAULT 'test' NOT NULL,
	`stripe_secret_key_enc` text,
	`stripe_webhook_secret_enc` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenants_username_unique` ON `tenants` (`username`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`name` text NOT NULL,
	`title` text,
	`email` text,
	`phone` text,
	`primary` integer DEFAULT false NOT NULL,
	`department` text,
	`address1` text,
	`address2` text,
	`city` text,
	`state` text,
	`postal_code` text,
	`country` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contacts_tenant_customer` ON `contacts` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `contacts_tenant_email` ON `contacts` (`tenant_id`,`email`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`name` text NOT NULL,
	`number` text NOT NULL,
	`email` text,
	`type` text DEFAULT 'company' NOT NULL,
	`attention_to` text,
	`address1` text,
	`address2` text,
	`city` text,
	`state` text,
	`postal_code` text,
	`country` text,
	`phone` text,
	`language` text,
	`currency` text,
	`autopay` integer DEFAULT false NOT NULL,
	`payment_terms` text,
	`tax_id` text,
	`taxable` integer DEFAULT true NOT NULL,
	`parent_customer` integer,
	`notes` text,
	`active` integer DEFAULT true NOT NULL,
	`default_payment_source_id` integer,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_tenant_number` ON `customers` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `customers_tenant_email` ON `customers` (`tenant_id`,`email`);--> statement-breakpoint
CREATE INDEX `customers_tenant_name` ON `customers` (`tenant_id`,`name`);--> statement-breakpoint
CREATE TABLE `estimate_approvals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`estimate_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`session_id` text,
	`email` text,
	`initials` text NOT NULL,
	`ip` text,
	`user_agent` text,
	`document_hash` text NOT NULL,
	`revision` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`estimate_id`) REFERENCES `estimates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `estimate_approvals_estimate` ON `estimate_approvals` (`estimate_id`);--> statement-breakpoint
CREATE TABLE `estimates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`public_id` text NOT NULL,
	`tenant_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`name` text,
	`number` text NOT NULL,
	`currency` text NOT NULL,
	`draft` integer DEFAULT false NOT NULL,
	`closed` integer DEFAULT false NOT NULL,
	`date` integer NOT NULL,
	`payment_terms` text,
	`purchase_order` text,
	`notes` text,
	`terms` text,
	`discounts` text DEFAULT '[]' NOT NULL,
	`taxes` text DEFAULT '[]' NOT NULL,
	`subtotal` integer NOT NULL,
	`total_discounts` integer DEFAULT 0 NOT NULL,
	`total_taxes` integer DEFAULT 0 NOT NULL,
	`total` integer NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`status` text NOT NULL,
	`expiration_date` integer,
	`deposit` integer DEFAULT 0 NOT NULL,
	`deposit_paid` integer DEFAULT false NOT NULL,
	`approved` text,
	`declined_reason` text,
	`declined_at` integer,
	`invoice_id` integer,
	`revision` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `estimates_public_id` ON `estimates` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `estimates_tenant_number` ON `estimates` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `estimates_tenant_customer_date` ON `estimates` (`tenant_id`,`customer_id`,`date`);--> statement-breakpoint
CREATE INDEX `estimates_tenant_status_date` ON `estimates` (`tenant_id`,`status`,`date`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`public_id` text NOT NULL,
	`tenant_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`name` text,
	`number` text NOT NULL,
	`currency` text NOT NULL,
	`draft` integer DEFAULT false NOT NULL,
	`closed` integer DEFAULT false NOT NULL,
	`date` integer NOT NULL,
	`payment_terms` text,
	`purchase_order` text,
	`notes` text,
	`terms` text,
	`discounts` text DEFAULT '[]' NOT NULL,
	`taxes` text DEFAULT '[]' NOT NULL,
	`subtotal` integer NOT NULL,
	`total_discounts` integer DEFAULT 0 NOT NULL,
	`total_taxes` integer DEFAULT 0 NOT NULL,
	`total` integer NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`status` text NOT NULL,
	`paid` integer DEFAULT false NOT NULL,
	`voided` integer DEFAULT false NOT NULL,
	`due_date` integer,
	`balance` integer NOT NULL,
	`payment_lock` text,
	`payment_lock_at` integer,
	`estimate_id` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_public_id` ON `invoices` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_tenant_number` ON `invoices` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `invoices_tenant_customer_date` ON `invoices` (`tenant_id`,`customer_id`,`date`);--> statement-breakpoint
CREATE INDEX `invoices_tenant_status_date` ON `invoices` (`tenant_id`,`status`,`date`);--> statement-breakpoint
CREATE INDEX `invoices_tenant_date` ON `invoices` (`tenant_id`,`date`);--> statement-breakpoint
CREATE TABLE `line_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`invoice_id` integer,
	`estimate_id` integer,
	`position` integer NOT NULL,
	`catalog_item` text,
	`type` text,
	`name` text NOT NULL,
	`description` text,
	`quantity_e4` integer NOT NULL,
	`unit_cost` integer NOT NULL,
	`amount` integer NOT NULL,
	`discountable` integer DEFAULT true NOT NULL,
	`taxable` integer DEFAULT true NOT NULL,
	`discounts` text DEFAULT '[]' NOT NULL,
	`taxes` text DEFAULT '[]' NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`estimate_id`) REFERENCES `estimates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `line_items_invoice` ON `line_items` (`invoice_id`,`position`);--> statement-breakpoint
CREATE INDEX `line_items_estimate` ON `line_items` (`estimate_id`,`position`);--> statement-breakpoint
CREATE TABLE `payment_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`payment_id` integer NOT NULL,
	`type` text NOT NULL,
	`invoice_id` integer,
	`estimate_id` integer,
	`amount` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`estimate_id`) REFERENCES `estimates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_applications_payment` ON `payment_applications` (`payment_id`);--> statement-breakpoint
CREATE INDEX `payment_applications_invoice` ON `payment_applications` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `payment_applications_estimate` ON `payment_applications` (`estimate_id`);--> statement-breakpoint
CREATE TABLE `payment_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`client_key` text NOT NULL,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`amount` integer NOT NULL,
	`allocations` text NOT NULL,
	`payment_source_id` integer,
	`gateway` text NOT NULL,
	`provider_ref` text,
	`payment_id` integer,
	`error_message` text,
	`autopay_enroll` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_attempts_client_key` ON `payment_attempts` (`tenant_id`,`client_key`);--> statement-breakpoint
CREATE TABLE `payment_sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`public_id` text NOT NULL,
	`tenant_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`type` text NOT NULL,
	`gateway` text NOT NULL,
	`gateway_token` text NOT NULL,
	`brand` text,
	`last4` text NOT NULL,
	`exp_month` integer,
	`exp_year` integer,
	`bank_name` text,
	`created_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_sources_public_id` ON `payment_sources` (`public_id`);--> statement-breakpoint
CREATE INDEX `payment_sources_tenant_customer` ON `payment_sources` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`public_id` text NOT NULL,
	`tenant_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`date` integer NOT NULL,
	`currency` text NOT NULL,
	`amount` integer NOT NULL,
	`method` text DEFAULT 'other' NOT NULL,
	`reference` text,
	`source` text DEFAULT 'api' NOT NULL,
	`status` text NOT NULL,
	`payment_source_id` integer,
	`method_brand` text,
	`method_last4` text,
	`gateway` text,
	`gateway_id` text,
	`failure_message` text,
	`notes` text,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_public_id` ON `payments` (`public_id`);--> statement-breakpoint
CREATE INDEX `payments_tenant_customer_date` ON `payments` (`tenant_id`,`customer_id`,`date`);--> statement-breakpoint
CREATE INDEX `payments_tenant_date` ON `payments` (`tenant_id`,`date`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`tenant_id` integer NOT NULL,
	`provider` text NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `catalog_items` (
	`tenant_id` integer NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`type` text,
	`description` text,
	`currency` text,
	`unit_cost` integer DEFAULT 0 NOT NULL,
	`taxable` integer DEFAULT true NOT NULL,
	`discountable` integer DEFAULT true NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `coupons` (
	`tenant_id` integer NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`currency` text,
	`value` integer NOT NULL,
	`is_percent` integer DEFAULT true NOT NULL,
	`duration` text DEFAULT 'forever' NOT NULL,
	`duration_in_months` integer,
	`max_redemptions` integer,
	`expiration_date` integer,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plans` (
	`tenant_id` integer NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`catalog_item` text,
	`currency` text NOT NULL,
	`amount` integer NOT NULL,
	`interval` text NOT NULL,
	`interval_count` integer DEFAULT 1 NOT NULL,
	`pricing_mode` text DEFAULT 'per_unit' NOT NULL,
	`tiers` text,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `tax_rates` (
	`tenant_id` integer NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`currency` text,
	`value` integer NOT NULL,
	`is_percent` integer DEFAULT true NOT NULL,
	`inclusive` integer DEFAULT false NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`tenant_id` integer NOT NULL,
	`bucket` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`scope` text DEFAULT 'full' NOT NULL,
	`scope_ref` text,
	`method` text NOT NULL,
	`email` text,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`auth_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_tenant_customer` ON `sessions` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE TABLE `signin_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`email` text,
	`customer_id` integer,
	`browser_nonce_hash` text,
	`code_hash` text,
	`code_attempts` integer DEFAULT 0 NOT NULL,
	`redirect_to` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signin_tokens_tenant_email` ON `signin_tokens` (`tenant_id`,`email`,`purpose`);--> statement-breakpoint
CREATE TABLE `sso_replays` (
	`tenant_id` integer NOT NULL,
	`replay_key` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `replay_key`)
);
--> statement-breakpoint
CREATE TABLE `dev_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`type` text NOT NULL,
	`customer_id` integer,
	`object_type` text,
	`object_id` text,
	`actor` text NOT NULL,
	`ip` text,
	`user_agent` text,
	`data` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_tenant_created` ON `events` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `events_tenant_customer` ON `events` (`tenant_id`,`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`tenant_id` integer NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer,
	`body` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `key`)
);
