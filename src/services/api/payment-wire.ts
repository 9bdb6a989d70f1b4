import type { Payment, PaymentApplication } from "../../db/queries/payments";
import { money } from "./wire";

/**
 * A payment as the merchant API returns it (Invoiced's payment object): the answer of
 * `GET /payments/{id}` and the `data.object` of every payment event.
 */
export function paymentToWire(p: Payment, apps: PaymentApplication[], portalOrigin: string) {
  const applied = apps.reduce((s, a) => s + a.amount, 0);
  return {
    id: p.id,
    object: "payment" as const,
    customer: p.customerId,
    date: p.date,
    currency: p.currency,
    amount: money(p.amount, p.currency),
    /** what is not applied to any document or credit */
    balance: money(p.amount - applied, p.currency),
    method: p.method,
    reference: p.reference,
    source: p.source,
    status: p.status,
    voided: p.status === "voided",
    notes: p.notes,
    applied_to: apps.map((a) => ({
      type: a.type,
      ...(a.type === "invoice" ? { invoice: a.invoiceId } : {}),
      ...(a.type === "estimate" ? { estimate: a.estimateId } : {}),
      amount: money(a.amount, p.currency),
    })),
    pdf_url: `${portalOrigin}/payments/${p.publicId}/pdf`,
    metadata: p.metadata,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}
