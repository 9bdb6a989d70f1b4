DROP INDEX `tenant_domains_host_unique`;--> statement-breakpoint
ALTER TABLE `tenant_domains` ADD `verification_token` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tenant_domains` ADD `verified_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `tenant_domains_tenant_host` ON `tenant_domains` (`tenant_id`,`host`);--> statement-breakpoint
CREATE UNIQUE INDEX `tenant_domains_verified_host` ON `tenant_domains` (`host`) WHERE "tenant_domains"."verified_at" is not null;