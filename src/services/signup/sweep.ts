import { backgroundDb } from "../../db/background";
import type { Actor } from "../../db/events";
import { findSubmissionById, stuckSignupClaims } from "../../db/queries/sign-up-claims";
import { findOwnTenant } from "../../db/queries/tenant-settings";
import { tenantScope } from "../../db/scope";
import { portalOrigin } from "../../lib/origins";
import { HOUR } from "../../lib/time";
import { tenantMailer } from "../email";
import { type GatewayOptions, getGateway } from "../gateways";
import type { RunEnv } from "../subscriptions/run";
import { completeSignupCheckout } from "./checkout";
import { resumeSignup, SIGNUP_LEASE } from "./finish";

const SYSTEM: Actor = { actor: "system" };
/** Claims per run; a larger backlog is finished by the next hourly runs. */
const SWEEP_LIMIT = 50;

export type SignupSweepCounts = { finished: number; declined: number; released: number; waiting: number; failed: number };

/**
 * Hourly (with the purge): sign-ups whose worker died between the charge and the
 * write, or before the first invoice's bookkeeping, past their lease. Each is
 * finished by the same code as a live request (finish.ts): the charge again with the
 * claim's idempotency key (the provider answers with the first charge), then the
 * write; a decline gives the claim back, nothing having been charged. Then Stripe
 * Checkout claims an hour old: finished if the card was saved and the webhook never
 * came, given back once the session expired (Stripe: within 24 hours), else left.
 * Counts only (S44).
 */
export async function sweepSignups(env: RunEnv, now: number, opts: GatewayOptions = {}): Promise<SignupSweepCounts> {
  const db = backgroundDb(env);
  const counts: SignupSweepCounts = { finished: 0, declined: 0, released: 0, waiting: 0, failed: 0 };
  const stuck = await stuckSignupClaims(db, ["charging", "written"], now - SIGNUP_LEASE, SWEEP_LIMIT);
  const checkouts = await stuckSignupClaims(db, ["checkout"], now - HOUR, SWEEP_LIMIT);
  for (const { tenantId, id } of [...stuck, ...checkouts]) {
    try {
      const scope = tenantScope(db, tenantId);
      const [tenant, sub] = [await findOwnTenant(scope), await findSubmissionById(scope, id)];
      if (!tenant || !sub) continue;
      const gateway = await getGateway(tenant, env, { ...opts, now: () => now });
      const d = { scope, tenant, gateway, mailer: tenantMailer(env, scope), portalOrigin: portalOrigin(env, tenant.username), now, who: SYSTEM };
      const r = sub.stage === "checkout" ? await completeSignupCheckout(d, sub) : await resumeSignup(d, sub);
      if (r.kind === "done") counts.finished++;
      else if (r.kind === "declined") counts.declined++;
      else if (r.kind === "canceled" || r.kind === "invalid") counts.released++;
      else counts.waiting++;
    } catch (err) {
      // the claim stays as it is for the next run
      counts.failed++;
      console.error(`signup sweep: ${err instanceof Error ? err.name : "error"}`);
    }
  }
  return counts;
}
