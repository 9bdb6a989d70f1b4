import { DAY } from "../../lib/time";

/**
 * How long webhooks keep trying. Waits after each failed attempt, in seconds:
 * 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, then every 12 h (a Queue's
 * longest delay). 14 attempts over about 3.2 days; then the delivery is `failed`.
 */
export const RETRY_DELAYS = [30, 120, 600, 1800, 3600, 7200, 14400, 28800, 43200, 43200, 43200, 43200, 43200];
export const MAX_ATTEMPTS = RETRY_DELAYS.length + 1;

/** The wait after attempt number `attempts` (1-based) failed. */
export const retryDelay = (attempts: number): number => RETRY_DELAYS[Math.min(attempts, RETRY_DELAYS.length) - 1]!;

/** An endpoint failing without a single success for this long is disabled. */
export const DISABLE_AFTER = 3 * DAY;

/** Events older than this are not fanned out any more (the sweep's look-back). */
export const FANOUT_WINDOW = 3 * DAY;

/** A claim not finished within this is considered lost (the send itself times out after 10 s). */
export const LEASE_SECONDS = 60;

export const TIMEOUT_MS = 10_000;

/** Events fanned out per queue message; deliveries per attempt message. */
export const FANOUT_CHUNK = 50;
export const ATTEMPT_CHUNK = 100;

/** A Queue delays a message by at most 12 hours. */
export const MAX_QUEUE_DELAY = 43_200;
