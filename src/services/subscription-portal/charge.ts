import { findInvoiceByPublicId } from "../../db/queries/documents";
import { listPaymentSources } from "../../db/queries/payment-sources";
import type { Customer } from "../../db/queries/types";
import { type AutopayDeps, chargeInvoice } from "../autopay/charge";

/**
 * An upgrade's invoice, charged at once with the customer's saved method through
 * AutoPay's own path (attempt row as the gateway's idempotency key, invoice lock,
 * settlement in one batch), so a cron run at the same moment cannot charge it
 * twice. Without a usable saved method, or when the charge does not succeed, the
 * customer is sent to /pay for that invoice instead ("pay").
 */
export async function chargeChangeInvoice(d: AutopayDeps, customer: Customer, invoicePublicId: string): Promise<"paid" | "pay"> {
  const invoice = await findInvoiceByPublicId(d.scope, invoicePublicId);
  if (!invoice || invoice.customerId !== customer.id) return "pay";
  if (invoice.paid || invoice.balance <= 0) return "paid";
  const sources = await listPaymentSources(d.scope, customer.id);
  if (!sources.some((s) => s.gateway === d.gateway.kind)) return "pay";
  const outcome = await chargeInvoice(d, invoice, customer);
  return outcome === "succeeded" ? "paid" : "pay";
}
