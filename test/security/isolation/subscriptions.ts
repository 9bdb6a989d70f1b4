import { eq } from "drizzle-orm";
import { subscriptions, tenants } from "../../../src/db/schema";
import { nowSeconds } from "../../../src/lib/time";
import { apiClient } from "../../helpers/api";
import { testDb } from "../../helpers/tenants";
import type { IsolationCase, TestTenant } from "./types";

// S31 for issue 15: every subscription route. The list cannot 404, so it is
// checked by a marker (a plan name only the owner's subscription has); every
// route with an id is a 404 for anyone but the owner. Each setup turns every
// portal subscription setting on and puts the owner's subscription in the state
// its action needs, so the owner's own request succeeds (the checks can fail).

type Ctx = { tenant: TestTenant; customerId: number };

export async function subscribed(ctx: Ctx, opts: { planName?: string; patch?: Record<string, unknown> } = {}) {
  const db = testDb();
  await db
    .update(tenants)
    .set({
      allowSubscriptionChanges: true,
      allowBillingPortalCancellations: true,
      allowImmediateCancellation: true,
      allowSubscriptionPause: true,
      subscriptionChangePlans: ["basic", "pro"],
      cancellationRetentionCoupon: "stay",
    })
    .where(eq(tenants.id, ctx.tenant.tenant.id));
  const api = apiClient(ctx.tenant.apiKey);
  const plan = opts.planName ? `p${Math.random().toString(36).slice(2, 10)}` : "basic";
  // the same tenant serves several cases: a second create of the shared catalogue is a harmless 400
  await api.post("/plans", { id: "basic", name: "Basic", amount: 30, interval: "month" });
  await api.post("/plans", { id: "pro", name: "Pro", amount: 60, interval: "month" });
  await api.post("/coupons", { id: "stay", name: "Stay", value: 10, is_percent: true, duration: "once" });
  if (opts.planName) await api.post("/plans", { id: plan, name: opts.planName, amount: 30, interval: "month" });
  const sub = (await api.post("/subscriptions", { customer: ctx.customerId, plan })).body as { id: number };
  if (opts.patch) await api.patch(`/subscriptions/${sub.id}`, opts.patch);
  const row = (await ctx.tenant.scope.select(subscriptions, eq(subscriptions.id, sub.id)).get())!;
  // the portal's URLs carry the public id (S32)
  return { id: row.publicId, apiId: sub.id, version: String(row.version) };
}

const marker = () => `IsoPlan${Math.random().toString(36).slice(2, 10)}`;

const post = (path: string, patch: Record<string, unknown> | undefined, fields: (v: string) => Record<string, string>): IsolationCase => ({
  method: "POST",
  route: `/subscriptions/:id/${path}`,
  setup: async (ctx) => {
    const s = await subscribed(ctx, { patch });
    return { path: `/subscriptions/${s.id}/${path}`, fields: fields(s.version) };
  },
});

export const cases: IsolationCase[] = [
  {
    method: "GET",
    route: "/subscriptions",
    setup: async (ctx) => {
      const name = marker();
      await subscribed(ctx, { planName: name });
      return { path: "/subscriptions", marker: name };
    },
  },
  {
    method: "GET",
    route: "/subscriptions/:id",
    setup: async (ctx) => ({ path: `/subscriptions/${(await subscribed(ctx)).id}` }),
  },
  {
    method: "GET",
    route: "/subscriptions/:id/change",
    setup: async (ctx) => {
      const s = await subscribed(ctx);
      return { path: `/subscriptions/${s.id}/change?plan=pro&quantity=1&version=${s.version}` };
    },
  },
  {
    method: "GET",
    route: "/subscriptions/:id/cancel",
    setup: async (ctx) => ({ path: `/subscriptions/${(await subscribed(ctx)).id}/cancel` }),
  },
  post("change", undefined, (v) => ({ plan: "pro", quantity: "2", version: v, proration_date: String(nowSeconds()) })),
  // a scheduled downgrade to withdraw: pro × 2 down to basic waits for the period end
  {
    method: "POST",
    route: "/subscriptions/:id/change/withdraw",
    setup: async (ctx) => {
      const s = await subscribed(ctx);
      const api = apiClient(ctx.tenant.apiKey);
      await api.patch(`/subscriptions/${s.apiId}`, { plan: "pro", quantity: 2 });
      await api.patch(`/subscriptions/${s.apiId}`, { plan: "basic", quantity: 1 });
      const row = (await ctx.tenant.scope.select(subscriptions, eq(subscriptions.id, s.apiId)).get())!;
      return { path: `/subscriptions/${s.id}/change/withdraw`, fields: { version: String(row.version) } };
    },
  },
  post("cancel", undefined, (v) => ({ when: "now", reason: "", details: "", version: v, offer_declined: "yes" })),
  post("undo-cancel", { cancel_at_period_end: true }, (v) => ({ version: v })),
  post("retention", undefined, (v) => ({ version: v })),
  post("pause", undefined, (v) => ({ version: v })),
  post("resume", { paused: true }, (v) => ({ version: v })),
];
