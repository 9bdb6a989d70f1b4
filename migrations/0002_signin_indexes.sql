CREATE INDEX `contacts_tenant_lower_email` ON `contacts` (`tenant_id`,lower("email"));--> statement-breakpoint
CREATE INDEX `customers_tenant_lower_email` ON `customers` (`tenant_id`,lower("email"));--> statement-breakpoint
CREATE INDEX `signin_tokens_tenant_nonce` ON `signin_tokens` (`tenant_id`,`browser_nonce_hash`,`created_at`);