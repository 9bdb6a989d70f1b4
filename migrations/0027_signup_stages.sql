ALTER TABLE `sign_up_submissions` ADD `stage` text DEFAULT 'claimed' NOT NULL;--> statement-breakpoint
ALTER TABLE `sign_up_submissions` ADD `stage_at` integer;--> statement-breakpoint
ALTER TABLE `sign_up_submissions` ADD `pending` text;--> statement-breakpoint
ALTER TABLE `sign_up_submissions` ADD `checkout_ref` text;--> statement-breakpoint
ALTER TABLE `sign_up_submissions` ADD `provider_session_id` text;--> statement-breakpoint
CREATE INDEX `sign_up_submissions_checkout` ON `sign_up_submissions` (`tenant_id`,`checkout_ref`);--> statement-breakpoint
CREATE INDEX `sign_up_submissions_session` ON `sign_up_submissions` (`tenant_id`,`provider_session_id`);--> statement-breakpoint
CREATE INDEX `sign_up_submissions_stage` ON `sign_up_submissions` (`stage`,`stage_at`);