import { backgroundDb } from "../../db/background";
import type { Actor } from "../../db/events";
import { findSubmissionById, stuckSignupClaims } from "../../db/queries/sign-up-claims";
import { findOwnTenant } from "../../db/queries/tenant-settings";
import { tenantScope } from "../../db/scope";
import { portalOrigin } from "../../lib/origins";
import { tenantMailer } from "../email";
import { type GatewayOptions, getGateway } from "../gateways";
import type { RunEnv } from "../subscriptions/run";
import { resumeSignup, SIGNUP_LEASE } from "./finish";

const SYSTEM: Actor = { actor: "system" };
/** Claims per run; a larger backlog is finished by the next hourly runs. */
const SWEEP_LIMIT = 50;

export type SignupSweepCounts = { finished: number; declined: number; busy: number; failed: number };

/**
 * Hourly (with the purge): sign-ups whose worker died between the charge and the
 * write, or before the first invoice's bookkeeping, past their lease. Each is
 * finished by the same code as a live request (finish.ts): the charge again with the
 * claim's idempotency key (the provider answers with the first charge), then the
 * write; a decline gives the claim back, nothing having been charged. Counts only (S44).
 */
export async function sweepSignups(env: RunEnv, now: number, opts: GatewayOptions = {}): Promise<SignupSweepCounts> {
  const db = backgroundDb(env);
  const counts: SignupSweepCounts = { finished: 0, declined: 0, busy: 0, failed: 0 };
  for (const { tenantId, id } of await stuckSignupClaims(db, now - SIGNUP_LEASE, SWEEP_LIMIT)) {
    try {
      const scope = tenantScope(db, tenantId);
      const [tenant, sub] = [await findOwnTenant(scope), await findSubmissionById(scope, id)];
      if (!tenant || !sub) continue;
      const gateway = await getGateway(tenant, env, { ...opts, now: () => now });
      const d = { scope, tenant, gateway, mailer: tenantMailer(env, scope), portalOrigin: portalOrigin(env, tenant.username), now, who: SYSTEM };
      const r = await resumeSignup(d, sub);
      if (r.kind === "done") counts.finished++;
      else if (r.kind === "declined") counts.declined++;
      else counts.busy++;
    } catch (err) {
      // the claim stays as it is for the next run
      counts.failed++;
      console.error(`signup sweep: ${err instanceof Error ? err.name : "error"}`);
    }
  }
  return counts;
}
