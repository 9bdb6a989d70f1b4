import { desc, eq } from "drizzle-orm";
import { invoices, lineItems, subscriptionRenewals } from "../../src/db/schema";
import { apiTenant } from "../api/support";

/** A tenant with a customer and a small catalogue, through the API as a merchant would set it up. */
export async function subscriptionTenant(overrides: Parameters<typeof apiTenant>[0] = {}) {
  const w = await apiTenant(overrides);
  const customer = (await w.api.post("/customers", { name: "Acme Corp", email: "billing@acme.example" })).body;
  await w.api.post("/plans", { id: "basic", name: "Basic", amount: 30, interval: "month" });
  await w.api.post("/plans", { id: "pro", name: "Pro", amount: 60, interval: "month" });
  await w.api.post("/plans", { id: "yearly", name: "Yearly", amount: 300, interval: "year" });
  await w.api.post("/plans", { id: "seat", name: "Extra seat", amount: 5, interval: "month" });
  await w.api.post("/coupons", { id: "half", name: "Half off", value: 50, is_percent: true, duration: "once" });
  await w.api.post("/tax_rates", { id: "vat", name: "VAT", value: 20, is_percent: true });
  return { ...w, customer };
}

export type SubTenant = Awaited<ReturnType<typeof subscriptionTenant>>;

/** The tenant's invoices, newest first. */
export const invoicesOf = (w: SubTenant) => w.t.scope.select(invoices).orderBy(desc(invoices.id)).all();

export const linesOfInvoice = (w: SubTenant, invoiceId: number) => w.t.scope.select(lineItems, eq(lineItems.invoiceId, invoiceId)).all();

export const ledgerOf = (w: SubTenant, subscriptionId: number) =>
  w.t.scope.select(subscriptionRenewals, eq(subscriptionRenewals.subscriptionId, subscriptionId)).all();
