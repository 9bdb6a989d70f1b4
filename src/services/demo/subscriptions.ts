import { findSubscription, updateSubscriptionStmt } from "../../db/queries/subscriptions";
import type { TenantScope } from "../../db/scope";
import { DAY } from "../../lib/time";
import { type DemoApi, SeedApiError } from "./api-client";
import type { SeededCustomer } from "./seed-documents";

/**
 * The demo's subscriptions, one or more in every status the portal pages show:
 * active (with add-ons and a coupon), not started (a trial: a start two weeks
 * ahead), cancel scheduled, canceled, paused and past due. All through the API
 * except past due, which only dunning reaches (a declined card retried out); the
 * seed sets that flag directly rather than faking a month of declines.
 */

type Plan = { key: string; body: Record<string, unknown>; after?: "cancel" | "pause" | "past_due" };

const DEMO_SUBSCRIPTIONS = (now: number): Plan[] => [
  { key: "acme", body: { plan: "seats-monthly", quantity: 25, addons: [{ plan: "support-monthly" }], discounts: ["loyalty5"], taxes: ["sales-tax"] } },
  { key: "initech", body: { plan: "seats-yearly", quantity: 10, addons: [{ plan: "support-yearly" }] } },
  { key: "stark", body: { plan: "seats-monthly", quantity: 3, start_date: now + 14 * DAY, discounts: ["welcome10"] } },
  { key: "jane", body: { plan: "starter-monthly", cancel_at_period_end: true } },
  { key: "sam", body: { plan: "pro-monthly" }, after: "cancel" },
  { key: "acme-labs", body: { plan: "pro-yearly" }, after: "pause" },
  { key: "globex", body: { plan: "pro-monthly", quantity: 2 }, after: "past_due" },
];

/** Cancel with a reason; a re-run of an interrupted seed finds it canceled already (400) and goes on. */
async function cancelOnce(api: DemoApi, id: number) {
  try {
    await api.delete(`/subscriptions/${id}`, { canceled_reason: "too_expensive" });
  } catch (err) {
    if (!(err instanceof SeedApiError && err.status === 400)) throw err;
  }
}

export async function seedSubscriptions(ctx: { api: DemoApi; scope: TenantScope; customers: Map<string, SeededCustomer>; now: number }): Promise<void> {
  for (const s of DEMO_SUBSCRIPTIONS(ctx.now)) {
    const customer = ctx.customers.get(s.key);
    if (!customer) throw new Error(`demo seed: no customer ${s.key}`);
    const sub = await ctx.api.post<{ id: number }>("/subscriptions", { customer: customer.id, ...s.body }, `subscription:${s.key}`);
    if (s.after === "cancel") await cancelOnce(ctx.api, sub.id);
    if (s.after === "pause") await ctx.api.post(`/subscriptions/${sub.id}/pause`, {}, `subscription-pause:${s.key}`);
    if (s.after === "past_due") {
      const row = (await findSubscription(ctx.scope, sub.id))!;
      if (!row.pastDue) await ctx.scope.batch([updateSubscriptionStmt(ctx.scope, row, { pastDue: true, status: "past_due" })]);
    }
  }
}
