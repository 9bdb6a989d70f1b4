import { findTestClock, nextAutopayAt, nextRenewalAt, setTestClockStmt, type TestClock } from "../../db/queries/test-clocks";
import type { TenantScope } from "../../db/scope";
import { invalidRequest, notFound } from "../../lib/api-error";
import type { GatewayOptions } from "../gateways";
import { type RunCounts, type RunEnv, runTenantAt } from "./run";

/**
 * Test clocks (ours; Stripe has them): outside production, a tenant on the test
 * gateway can freeze its time and move it forward. Advancing runs the renewal and
 * AutoPay run synchronously at every instant something falls due on the way (a
 * renewal, an invoice's due date, a dunning retry), in order, so a year of
 * billing is rehearsed in one call and each invoice carries the date it would
 * have had.
 */

const MAX_STEPS = 1000;
/** One advance moves at most this far (a rehearsal of years is several calls; each call stays bounded). */
const MAX_ADVANCE_SECONDS = 5 * 366 * 86400;

export function assertClocksAllowed(env: Pick<Env, "ENVIRONMENT">, tenant: { paymentGateway: string }) {
  if (env.ENVIRONMENT === "production") throw invalidRequest("Test clocks are not available in production");
  if (tenant.paymentGateway !== "test") throw invalidRequest("Test clocks are only for tenants on the test payment gateway", "payment_gateway");
}

export const clockToWire = (c: TestClock) => ({ object: "test_clock" as const, frozen_time: c.frozenTime, created_at: c.createdAt, updated_at: c.updatedAt });

export async function getClock(scope: TenantScope): Promise<TestClock> {
  const clock = await findTestClock(scope);
  if (!clock) throw notFound("test clock");
  return clock;
}

export async function setClock(scope: TenantScope, frozenTime: number, now: number): Promise<TestClock> {
  await setTestClockStmt(scope, frozenTime, now).run();
  return getClock(scope);
}

export async function advanceClock(
  env: RunEnv,
  scope: TenantScope,
  target: number,
  realNow: number,
  opts: GatewayOptions = {},
): Promise<{ clock: TestClock; counts: RunCounts }> {
  // advancing a tenant without a clock starts one at the real time first
  const clock = (await findTestClock(scope)) ?? (await setClock(scope, realNow, realNow));
  if (target - clock.frozenTime > MAX_ADVANCE_SECONDS) throw invalidRequest("A test clock moves at most 5 years per call", "frozen_time");
  if (target < clock.frozenTime) throw invalidRequest("A test clock only moves forward: frozen_time must not be before the current one", "frozen_time");
  const counts: RunCounts = { renewed: 0, charged: 0, declined: 0 };
  const add = (c: RunCounts) => {
    counts.renewed += c.renewed;
    counts.charged += c.charged;
    counts.declined += c.declined;
    return c.renewed + c.charged + c.declined;
  };
  let current = clock.frozenTime;
  for (let step = 0; step < MAX_STEPS; step++) {
    const renewal = await nextRenewalAt(scope);
    const autopay = await nextAutopayAt(scope, current);
    const next = [renewal, autopay].filter((t): t is number => t !== null && t <= target);
    if (next.length === 0) break;
    const at = Math.max(current, Math.min(...next));
    const moved = add(await runTenantAt(env, scope.tenantId, at, opts));
    if (moved === 0 && at === current) break; // due but blocked: the final run below and later runs retry
    current = at;
  }
  await setTestClockStmt(scope, target, realNow).run();
  add(await runTenantAt(env, scope.tenantId, target, opts));
  return { clock: await getClock(scope), counts };
}
