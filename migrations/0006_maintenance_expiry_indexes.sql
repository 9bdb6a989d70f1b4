CREATE INDEX `rate_limits_expires` ON `rate_limits` (`expires_at`);--> statement-breakpoint
CREATE INDEX `sessions_expires` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE INDEX `signin_tokens_expires` ON `signin_tokens` (`expires_at`);--> statement-breakpoint
CREATE INDEX `sso_replays_expires` ON `sso_replays` (`expires_at`);--> statement-breakpoint
CREATE INDEX `idempotency_keys_created` ON `idempotency_keys` (`created_at`);