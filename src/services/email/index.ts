import type { Db } from "../../db/client";
import { nowSeconds } from "../../lib/time";
import { headerSafeMailer } from "./headers";
import { mailChannelsMailer } from "./mailchannels";
import { outboxMailer } from "./outbox";
import type { Mailer } from "./types";

export { deliver, deliverLater } from "./deliver";
export type { Mailer, MailMessage } from "./types";

/**
 * The mail transport for this environment: MailChannels in production, and wherever
 * its key is set (a developer trying real delivery; `npm run bench`, which measures
 * production's transport against a fake receiver); the local outbox everywhere else
 * (development and tests, whose key is empty), so nothing leaves the machine.
 */
export function createMailer(env: { ENVIRONMENT: string; MAILCHANNELS_API_KEY?: string; EMAIL_FROM: string }, db: Db): Mailer {
  if (env.MAILCHANNELS_API_KEY) return headerSafeMailer(mailChannelsMailer({ apiKey: env.MAILCHANNELS_API_KEY, from: env.EMAIL_FROM }));
  if (env.ENVIRONMENT === "production") throw new Error("MAILCHANNELS_API_KEY is not set");
  return headerSafeMailer(outboxMailer(db, nowSeconds));
}

/**
 * The mailer for a request that only holds a tenant scope (portal routes may not
 * reach the raw client): the outbox rows carry the tenant id the caller passes.
 */
export function tenantMailer(env: { ENVIRONMENT: string; MAILCHANNELS_API_KEY?: string; EMAIL_FROM: string }, scope: { db: Db }): Mailer {
  return createMailer(env, scope.db);
}
