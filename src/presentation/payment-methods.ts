import type { PaymentSource } from "../db/queries/payment-sources";

/** "Visa ending in 4242", "Test Bank account ending in 6789": how a method is named in words. */
export function describeSource(s: Pick<PaymentSource, "type" | "brand" | "bankName" | "last4">): string {
  if (s.type === "bank_account") return `${s.bankName ?? "Bank"} account ending in ${s.last4}`;
  return `${s.brand ?? "Card"} ending in ${s.last4}`;
}
