import { desc, eq } from "drizzle-orm";
import { expect } from "vitest";
import { invoices, subscriptions } from "../../src/db/schema";
import { PortalClient } from "../helpers/portal";
import type { makeTenant } from "../helpers/tenants";
import { subscriptionTenant } from "./support";

/** Every portal subscription setting on (tests that check a setting turn it off). */
export const ALL_ON = {
  allowSubscriptionChanges: true,
  allowBillingPortalCancellations: true,
  allowImmediateCancellation: true,
  allowSubscriptionPause: true,
  subscriptionChangePlans: ["basic", "pro"],
  subscriptionMinQuantity: 1,
  subscriptionMaxQuantity: 10,
} satisfies Parameters<typeof makeTenant>[0];

/**
 * A tenant with the small catalogue of ./support, its customer signed in to the
 * portal, a saved test card (default) and a monthly "basic" subscription with VAT,
 * billed now (its first invoice exists).
 */
export async function portalSubscription(
  settings: Parameters<typeof makeTenant>[0] = ALL_ON,
  opts: { card?: string | null; sub?: Record<string, unknown> } = {},
) {
  const w = await subscriptionTenant(settings);
  if (opts.card !== null) {
    const card = await w.api.post(`/customers/${w.customer.id}/payment_sources`, {
      method: "credit_card",
      invoiced_token: opts.card ?? "tok_visa",
      make_default: true,
    });
    expect(card.status, JSON.stringify(card.body)).toBe(201);
  }
  const created = await w.api.post("/subscriptions", { customer: w.customer.id, plan: "basic", taxes: ["vat"], ...opts.sub });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const portal = new PortalClient(w.t.origin);
  const { sessionId } = await portal.signInAs(w.t.scope, w.t.tenant, w.customer.id, { email: "billing@acme.example" });
  // the portal's URLs carry the subscription's public id (S32), the API's url ends with it
  const pid = String(created.body.url).split("/").pop()!;
  return { ...w, sub: { ...(created.body as { id: number; [k: string]: unknown }), pid }, portal, sessionId };
}

export type PortalSub = Awaited<ReturnType<typeof portalSubscription>>;

export const subRow = async (w: PortalSub, id = w.sub.id) => (await w.t.scope.select(subscriptions, eq(subscriptions.id, id)).get())!;

export const invoicesNewestFirst = (w: PortalSub) => w.t.scope.select(invoices).orderBy(desc(invoices.id)).all();

/** The version field the subscription's page carries (every action form sends it). */
export function versionOf(html: string): string {
  const m = /name="version" value="(\d+)"/.exec(html);
  if (!m) throw new Error("no version field on the page");
  return m[1]!;
}

/** The confirm form of a preview: its hidden fields, as the browser would post them. */
export function confirmFields(html: string): Record<string, string> {
  const form = /<form method="post" action="\/subscriptions\/[A-Za-z0-9]+\/change" class="confirm-change">([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error("no confirm form in the preview");
  const fields: Record<string, string> = {};
  for (const m of form[1]!.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)"/g)) if (m[1] !== "_csrf") fields[m[1]!] = m[2]!;
  return fields;
}

/** The preview's charge now, in minor units (the panel states it for machines too). */
export function chargeNowOf(html: string): number {
  const m = /data-charge-now="(-?\d+)"/.exec(html);
  if (!m) throw new Error("no preview on the page");
  return Number(m[1]);
}
