/**
 * The crons and queues of wrangler.toml, as src/index.ts tells them apart. They live
 * here, not in src/index.ts: workerd takes every named export of the main module for
 * an entrypoint and refuses to start on a plain string.
 */
export const PURGE_CRON = "17 * * * *";
export const RENEWAL_CRON = "*/15 * * * *";

/** One worker consumes both queues, told apart by `batch.queue`: this one, or else the webhooks queue. */
export const RENEWALS_QUEUE = "billing-portal-renewals";
