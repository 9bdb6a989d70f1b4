import type { PaymentSource } from "../../db/queries/payment-sources";

/** A saved method as Invoiced's API shows it: `card` or `bank_account` with its integer `id`. */
export function apiPaymentSource(s: PaymentSource) {
  const common = { id: s.id, created_at: s.createdAt, updated_at: s.createdAt };
  if (s.type === "card") {
    return { ...common, object: "card" as const, brand: s.brand, last4: s.last4, exp_month: s.expMonth, exp_year: s.expYear, funding: "unknown" };
  }
  return { ...common, object: "bank_account" as const, bank_name: s.bankName, last4: s.last4, routing_number: null, verified: true };
}
