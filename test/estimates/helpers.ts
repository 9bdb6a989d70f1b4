import { desc, eq } from "drizzle-orm";
import { estimateApprovals, estimates, events } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { apiClient } from "../helpers/api";
import { makeCustomer, makeEstimate } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";

/** A tenant (with `settings`), a customer signed in to the portal, and the tenant's API client. */
export async function signedIn(settings: Parameters<typeof makeTenant>[0] = {}) {
  const t = await makeTenant(settings);
  const cust = await makeCustomer(t.scope);
  const portal = new PortalClient(t.origin);
  const { sessionId } = await portal.signInAs(t.scope, t.tenant, cust.id, { email: cust.email });
  return { t, cust, portal, sessionId, api: apiClient(t.apiKey) };
}

export type Signed = Awaited<ReturnType<typeof signedIn>>;

export const estimate = (w: Signed, over: Parameters<typeof makeEstimate>[2] = {}, lines?: Parameters<typeof makeEstimate>[3]) =>
  makeEstimate(w.t.scope, w.cust.id, over, lines);

export async function row(w: Signed, id: number) {
  return (await w.t.scope.select(estimates, eq(estimates.id, id)).get())!;
}

export async function approvalsOf(w: Signed, id: number) {
  return w.t.scope.select(estimateApprovals, eq(estimateApprovals.estimateId, id)).all();
}

export async function eventsOf(w: Signed, type: string) {
  return w.t.scope.select(events, eq(events.type, type)).orderBy(desc(events.id)).all();
}

/** What a browser sends along: the client IP as Cloudflare reports it and a User-Agent. */
export const browser = { "CF-Connecting-IP": "198.51.100.7", "User-Agent": "Mozilla/5.0 (TestBrowser)" };

/** Opens the estimate page (so the CSRF token and revision are fresh) and posts an approval. */
export async function approve(w: Signed, publicId: string, fields: Record<string, string> = {}) {
  const page = await w.portal.get(`/estimates/${publicId}`, { headers: browser });
  const revision = /name="revision" value="(\d+)"/.exec(page.html)?.[1] ?? "1";
  return w.portal.post(`/estimates/${publicId}/approve`, { agree: "yes", initials: "A.L.", revision, ...fields }, { headers: browser });
}

export const past = (days: number) => nowSeconds() - days * 86400;
