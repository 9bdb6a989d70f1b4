import { desc, eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { events, invoices, paymentApplications } from "../../src/db/schema";
import { makeCustomer, makeInvoice, makePayment } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";

// Shared by the invoice, account, payment and statement page tests.

export type T = Awaited<ReturnType<typeof makeTenant>>;

/** A tenant (with `settings`), one of its customers and a signed-in portal client. */
export async function signedIn(settings: Parameters<typeof makeTenant>[0] = {}, customer: Parameters<typeof makeCustomer>[1] = {}) {
  const t = await makeTenant(settings);
  const cust = await makeCustomer(t.scope, customer);
  const portal = new PortalClient(t.origin);
  const { sessionId } = await portal.signInAs(t.scope, t.tenant, cust.id, { email: cust.email });
  return { t, cust, portal, sessionId };
}

export async function eventsOf(t: T, type: string) {
  return t.scope.select(events, eq(events.type, type)).orderBy(desc(events.id)).all();
}

export async function invoiceRow(t: T, id: number) {
  return (await t.scope.select(invoices, eq(invoices.id, id)).get())!;
}

/** A succeeded payment applied to invoices (lowering their balances), as applyPayment leaves it. */
export async function payInvoices(
  t: T,
  customerId: number,
  parts: { invoice: { id: number; currency: string }; amount: number }[],
  over: Parameters<typeof makePayment>[2] = {},
) {
  const amount = parts.reduce((a, p) => a + p.amount, 0);
  const pay = await makePayment(t.scope, customerId, { amount, currency: parts[0]?.invoice.currency ?? "usd", ...over });
  for (const p of parts) {
    await t.scope.insert(paymentApplications, { paymentId: pay.id, type: "invoice", invoiceId: p.invoice.id, amount: p.amount });
    const row = await invoiceRow(t, p.invoice.id);
    const balance = row.balance - p.amount;
    await t.scope.update(invoices, { balance, ...(balance === 0 ? { paid: true, status: "paid" as const } : {}) }, eq(invoices.id, p.invoice.id));
  }
  return pay;
}

export { makeInvoice };

/** The PDF checks every PDF test makes: the magic bytes, and pdf-lib can read it back. */
export async function readPdf(res: Response) {
  const bytes = new Uint8Array(await res.arrayBuffer());
  const head = new TextDecoder().decode(bytes.slice(0, 5));
  const doc = await PDFDocument.load(bytes);
  // The writer keeps strings 7-bit (non-ASCII as octal escapes), so the text is searchable.
  const text = new TextDecoder("latin1").decode(bytes);
  return { head, doc, text, bytes };
}

/** Text of a PDF literal string as the writer escapes it: "$1,234.50" stays itself, "(" becomes "\(". */
export function pdfLiteral(s: string) {
  return s.replace(/[()\\]/g, (ch) => `\\${ch}`);
}

/** Many invoice rows at once, in statements small enough for D1's 100 bound parameters. */
export async function insertInvoices(t: T, rows: Omit<typeof invoices.$inferInsert, "tenantId">[]) {
  const stmts = [];
  for (let i = 0; i < rows.length; i += 4) stmts.push(t.scope.insertMany(invoices, rows.slice(i, i + 4)));
  if (stmts.length) await t.scope.batch(stmts as [(typeof stmts)[0], ...typeof stmts]);
}
