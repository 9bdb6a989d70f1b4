import { backgroundDb } from "../../db/background";
import type { Actor } from "../../db/events";
import { dueAutopayInvoices } from "../../db/queries/autopay";
import { dueSubscriptionsOf } from "../../db/queries/subscriptions";
import { findOwnTenant } from "../../db/queries/tenant-settings";
import { findTestClock, tenantsWithWork } from "../../db/queries/test-clocks";
import { tenantScope } from "../../db/scope";
import { portalOrigin } from "../../lib/origins";
import { type AutopayDeps, chargeInvoice } from "../autopay/charge";
import { reconcilePastDue } from "../autopay/dunning";
import { tenantMailer } from "../email";
import { type GatewayOptions, getGateway } from "../gateways";
import { renewSubscription } from "./renew";

/**
 * The scheduled renewal and AutoPay run. The cron (every 15 minutes) only finds
 * the tenants with work and sends one queue message per tenant; each message is
 * one tenant's run: its due subscriptions renewed in bounded chunks, then its due
 * AutoPay invoices charged, then the `past_due` statuses brought in line with the
 * overdue invoices. Without a queue binding the cron runs the tenants
 * itself. Every step is idempotent, so a doubled cron, a redelivered message or a
 * run killed midway and re-run bills and charges each period and invoice once.
 */

export type RunEnv = Pick<
  Env,
  "DB" | "ENCRYPTION_KEY" | "ENVIRONMENT" | "MAILCHANNELS_API_KEY" | "EMAIL_FROM" | "PORTAL_DOMAIN" | "PORTAL_SCHEME" | "PORTAL_PORT"
> & {
  RENEWALS?: Queue<RenewalMessage>;
};

export type RenewalMessage = { tenantId: number };
export type RunCounts = { renewed: number; charged: number; declined: number };

/** Bounds of one tenant's run (the rest waits for the next run: nothing is lost). */
const CHUNK = 50;
const MAX_SUBSCRIPTIONS_PER_RUN = 500;
const MAX_CHARGES_PER_RUN = 200;
const MAX_TENANTS_PER_CRON = 10_000;

const SYSTEM: Actor = { actor: "system" };

/** The tenant's clock: its test clock outside production, else the real one. */
async function tenantNow(env: Pick<Env, "ENVIRONMENT">, scope: ReturnType<typeof tenantScope>, realNow: number): Promise<number> {
  if (env.ENVIRONMENT === "production") return realNow;
  return (await findTestClock(scope))?.frozenTime ?? realNow;
}

/** One tenant's run at `now` (the test clock passes its own). */
export async function runTenantAt(env: RunEnv, tenantId: number, now: number, opts: GatewayOptions = {}): Promise<RunCounts> {
  const scope = tenantScope(backgroundDb(env), tenantId);
  const tenant = await findOwnTenant(scope);
  const counts: RunCounts = { renewed: 0, charged: 0, declined: 0 };
  if (!tenant) return counts;

  const ctx = { scope, tenant, now, who: SYSTEM, origin: portalOrigin(env, tenant.username) };
  const visited = new Set<number>();
  while (visited.size < MAX_SUBSCRIPTIONS_PER_RUN) {
    // a subscription still due after its visit (catch-up cap, a conflict) waits for the next run
    const due = (await dueSubscriptionsOf(scope, now, CHUNK)).filter((s) => !visited.has(s.id));
    if (due.length === 0) break;
    for (const sub of due) {
      visited.add(sub.id);
      counts.renewed += await renewSubscription(ctx, sub.id);
    }
  }

  const d: AutopayDeps = {
    scope,
    tenant,
    gateway: await getGateway(tenant, env, { ...opts, now: () => now }),
    mailer: tenantMailer(env, scope),
    portalOrigin: portalOrigin(env, tenant.username),
    now,
    who: SYSTEM,
  };
  for (let tries = 0; tries < MAX_CHARGES_PER_RUN; ) {
    const due = await dueAutopayInvoices(scope, now, CHUNK);
    if (due.length === 0) break;
    for (const { invoice, customer } of due) {
      const outcome = await chargeInvoice(d, invoice, customer);
      if (outcome === "succeeded") counts.charged++;
      if (outcome === "failed") counts.declined++;
    }
    tries += due.length;
  }
  // after the charges: an invoice just paid is not past due
  await reconcilePastDue(d);
  return counts;
}

export async function runTenant(env: RunEnv, tenantId: number, realNow: number, opts: GatewayOptions = {}): Promise<RunCounts> {
  const scope = tenantScope(backgroundDb(env), tenantId);
  return runTenantAt(env, tenantId, await tenantNow(env, scope, realNow), opts);
}

/** The cron: fan out per tenant through the queue (or run inline without one). */
export async function scheduledRenewals(env: RunEnv, realNow: number): Promise<{ tenants: number }> {
  const tenants = await tenantsWithWork(backgroundDb(env), realNow, MAX_TENANTS_PER_CRON);
  if (env.RENEWALS) {
    for (let i = 0; i < tenants.length; i += 100) {
      await env.RENEWALS.sendBatch(tenants.slice(i, i + 100).map((tenantId) => ({ body: { tenantId } })));
    }
  } else {
    for (const tenantId of tenants) await runTenant(env, tenantId, realNow);
  }
  return { tenants: tenants.length };
}
