import { desc, eq } from "drizzle-orm";
import { customers, events, sessions } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";

/** A tenant (with `settings`), one of its customers and a signed-in portal client. */
export async function signedIn(settings: Parameters<typeof makeTenant>[0] = {}, customer: Parameters<typeof makeCustomer>[1] = {}) {
  const t = await makeTenant(settings);
  const cust = await makeCustomer(t.scope, customer);
  const portal = new PortalClient(t.origin);
  const { sessionId } = await portal.signInAs(t.scope, t.tenant, cust.id, { email: cust.email });
  return { t, cust, portal, sessionId };
}

/** Makes the session's last proof of identity `seconds` old (S23 tests). */
export async function ageSignIn(t: Awaited<ReturnType<typeof makeTenant>>, sessionId: string, seconds: number) {
  await t.scope.update(sessions, { authAt: nowSeconds() - seconds }, eq(sessions.id, sessionId));
}

export async function customerRow(t: Awaited<ReturnType<typeof makeTenant>>, id: number) {
  return (await t.scope.select(customers, eq(customers.id, id)).get())!;
}

export async function eventsOf(t: Awaited<ReturnType<typeof makeTenant>>, type?: string) {
  return t.scope
    .select(events, type ? eq(events.type, type) : undefined)
    .orderBy(desc(events.id))
    .all();
}

/** A complete, valid billing form for a US address; override what a test changes. */
export function usAddress(over: Record<string, string> = {}): Record<string, string> {
  return {
    name: "Ada Lovelace Ltd",
    email: "",
    phone: "+1 415 555 0100",
    address1: "1 Market St",
    address2: "",
    city: "San Francisco",
    state: "CA",
    postal_code: "94105",
    country: "US",
    tax_id: "",
    ...over,
  };
}

/** Decodes the few entities hono/jsx escapes, to compare typed text with the page. */
export function unescapeHtml(s: string) {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
