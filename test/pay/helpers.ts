import { env } from "cloudflare:workers";
import { and, desc, eq } from "drizzle-orm";
import { devOutbox, events, invoices, paymentApplications, paymentAttempts, payments } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { saveStripeSettings } from "../../src/services/pay/stripe-settings";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant, testDb } from "../helpers/tenants";

export type World = Awaited<ReturnType<typeof world>>;

/** A tenant (test gateway unless told), one signed-in customer and their portal client. */
export async function world(settings: Parameters<typeof makeTenant>[0] = {}, customer: Parameters<typeof makeCustomer>[1] = {}) {
  const t = await makeTenant(settings);
  const cust = await makeCustomer(t.scope, customer);
  const client = new PortalClient(t.origin);
  await client.signInAs(t.scope, t.tenant, cust.id, { email: cust.email });
  return { ...t, customer: cust, client };
}

export const TEST_CARD = { method: "new_card", card_number: "4242 4242 4242 4242", card_expiry: "12/39", card_cvc: "123", card_name: "Ada Lovelace" };
export const DECLINED_CARD = { ...TEST_CARD, card_number: "4000 0000 0000 0002" };
export const NO_FUNDS_CARD = { ...TEST_CARD, card_number: "4000 0000 0000 9995" };

/** POST /pay; returns the confirmation page's client key (or the 422 answer). */
export async function review(client: PortalClient, fields: Record<string, string | string[]>) {
  await client.get("/pay");
  const res = await client.post("/pay", fields);
  const key = res.status === 303 ? /^\/pay\/confirm\/([A-Za-z0-9]{24})$/.exec(res.location ?? "")?.[1] : undefined;
  return { ...res, key };
}

export async function confirm(client: PortalClient, key: string) {
  const res = await client.post("/pay/confirm", { client_key: key });
  return res;
}

/** review + confirm + the result page. */
export async function pay(client: PortalClient, fields: Record<string, string | string[]>) {
  const r = await review(client, fields);
  if (!r.key) throw new Error(`review failed (${r.status}): ${r.html.slice(0, 2000)}`);
  const c = await confirm(client, r.key);
  const result = await client.get(c.location ?? `/pay/result/${r.key}`);
  return { key: r.key, confirm: c, result };
}

export async function invoiceRow(w: Pick<World, "scope">, id: number) {
  return (await w.scope.select(invoices, eq(invoices.id, id)).get())!;
}

export async function paymentsOf(w: Pick<World, "scope">, customerId: number) {
  return w.scope.select(payments, eq(payments.customerId, customerId)).all();
}

export async function applicationsOf(w: Pick<World, "scope">, paymentId: number) {
  return w.scope.select(paymentApplications, eq(paymentApplications.paymentId, paymentId)).all();
}

export async function attemptsOf(w: Pick<World, "scope">, customerId: number) {
  return w.scope.select(paymentAttempts, eq(paymentAttempts.customerId, customerId)).all();
}

export async function eventsOf(w: Pick<World, "scope">, type: string) {
  return w.scope.select(events, eq(events.type, type)).all();
}

export async function outboxFor(tenantId: number, to: string) {
  return testDb()
    .select()
    .from(devOutbox)
    .where(and(eq(devOutbox.tenantId, tenantId), eq(devOutbox.to, to)))
    .orderBy(desc(devOutbox.id))
    .all();
}

export const STRIPE_WEBHOOK_SECRET = "whsec_testsecretforpaytests0123456789";

/** Switches a tenant to Stripe with encrypted test secrets (S42). */
export async function useStripe(tenantId: number, secretKey = "sk_test_51PayTestsOnlyAbcdefghijklmnop") {
  await saveStripeSettings(testDb(), tenantId, { secretKey, webhookSecret: STRIPE_WEBHOOK_SECRET }, env.ENCRYPTION_KEY, nowSeconds());
}
