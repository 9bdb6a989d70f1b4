ALTER TABLE `events` ADD `dedupe_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `events_tenant_dedupe` ON `events` (`tenant_id`,`dedupe_key`) WHERE "events"."dedupe_key" IS NOT NULL;