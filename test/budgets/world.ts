import { eq } from "drizzle-orm";
import { customers, paymentApplications, plans, signUpPages } from "../../src/db/schema";
import { DAY, nowSeconds } from "../../src/lib/time";
import { makeContact, makeCustomer, makeEstimate, makeInvoice, makePayment, makePaymentSource } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";

/**
 * A customer with one of everything a portal page shows: open and paid invoices,
 * a payment applied to the paid one (receipt), an estimate, a contact and a default
 * card. The budget tests open every page against it.
 */
export async function makeWorld() {
  const t = await makeTenant();
  const customer = await makeCustomer(t.scope);
  const now = nowSeconds();
  const openInvoice = await makeInvoice(t.scope, customer.id, {}, [{ unitCost: 12_000 }, { unitCost: 3_000 }]);
  const paidInvoice = await makeInvoice(t.scope, customer.id, { status: "paid", paid: true, closed: true, balance: 0, date: now - 40 * DAY });
  const payment = await makePayment(t.scope, customer.id, { amount: paidInvoice.total, date: now - 30 * DAY });
  await t.scope.insert(paymentApplications, { paymentId: payment.id, type: "invoice", invoiceId: paidInvoice.id, amount: paidInvoice.total });
  const estimate = await makeEstimate(t.scope, customer.id);
  const contact = await makeContact(t.scope, customer.id);
  const card = await makePaymentSource(t.scope, customer.id);
  await t.scope.insert(plans, { id: "basic", name: "Basic", currency: "usd", amount: 3000, interval: "month", createdAt: now, updatedAt: now });
  const [signUpPage] = await t.scope.insert(signUpPages, { name: "Join", plans: ["basic"], createdAt: now, updatedAt: now }).returning();
  const signUpToken = "BudgetLinkToken0001";
  await t.scope.update(customers, { defaultPaymentSourceId: card.id, signUpPage: signUpPage!.id, signUpToken }, eq(customers.id, customer.id));
  return { ...t, customer, openInvoice, paidInvoice, payment, estimate, contact, card, signUpPage: signUpPage!, signUpToken };
}

export type World = Awaited<ReturnType<typeof makeWorld>>;
