import { and, asc, eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { devOutbox, events } from "../../src/db/schema";
import { apiClient } from "../helpers/api";
import { makeTenant, testDb } from "../helpers/tenants";

/**
 * A merchant with contact details, a customer with an email, a primary contact and
 * another contact, all made through the API as Invoiced's client would.
 */
export async function emailWorld(settings: Parameters<typeof makeTenant>[0] = {}) {
  const t = await makeTenant({
    highlightColor: "#0f766e",
    supportEmail: "help@merchant.example",
    supportPhone: "+1 555 0100",
    postalAddress: "1 Harbour Street\nSpringfield, IL 62701",
    taxId: "US-12-3456789",
    website: "https://merchant.example",
    ...settings,
  });
  const api = apiClient(t.apiKey);
  const n = Math.random().toString(36).slice(2, 8);
  const customer = (await api.post("/customers", { name: "Ada Lovelace", email: `ada-${n}@example.com` })).body;
  const primary = (await api.post(`/customers/${customer.id}/contacts`, { name: "Grace Hopper", email: `grace-${n}@example.com`, primary: true })).body;
  const other = (await api.post(`/customers/${customer.id}/contacts`, { name: "Alan Turing", email: `alan-${n}@example.com` })).body;
  return { t, api, customer, primary, other };
}

export type EmailWorld = Awaited<ReturnType<typeof emailWorld>>;

export async function draftInvoice(w: EmailWorld, over: Record<string, unknown> = {}) {
  const res = await w.api.post("/invoices", {
    customer: w.customer.id,
    draft: true,
    number: `INV-${Math.random().toString(36).slice(2, 7)}`,
    items: [{ name: "Consulting", description: "Two days on site", quantity: 2, unit_cost: 500 }],
    ...over,
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

/** The tenant's outbox, oldest first. */
export function outboxOf(tenantId: number, to?: string) {
  return testDb()
    .select()
    .from(devOutbox)
    .where(and(eq(devOutbox.tenantId, tenantId), to ? eq(devOutbox.to, to) : undefined))
    .orderBy(asc(devOutbox.id))
    .all();
}

export function eventsOfType(w: EmailWorld, type: string) {
  return w.t.scope.select(events, eq(events.type, type)).orderBy(asc(events.id)).all();
}

/** An attachment's PDF: pdf-lib reads it, and its 7-bit text is searchable (see src/services/pdf/text.ts). */
export async function attachedPdf(a: { content: string }) {
  const bytes = Uint8Array.from(atob(a.content), (ch) => ch.charCodeAt(0));
  const doc = await PDFDocument.load(bytes);
  return { head: new TextDecoder().decode(bytes.slice(0, 5)), doc, text: new TextDecoder("latin1").decode(bytes) };
}

/** The first URL in a mail's text body that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const m = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^\\s]*`).exec(text);
  if (!m) throw new Error(`no link to ${prefix} in:\n${text}`);
  return m[0];
}
