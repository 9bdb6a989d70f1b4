ALTER TABLE `estimates` ADD `payment_lock` text;--> statement-breakpoint
ALTER TABLE `estimates` ADD `payment_lock_at` integer;--> statement-breakpoint
ALTER TABLE `payment_attempts` ADD `save_source` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `payment_attempts` ADD `description` text;