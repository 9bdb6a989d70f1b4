import type { PaymentSource } from "../db/queries/payment-sources";

/** "Visa ending in 4242", "Test Bank account ending in 6789": how a saved method is named in words. */
export function describeSource(s: Pick<PaymentSource, "type" | "brand" | "bankName" | "last4">): string {
  if (s.type === "bank_account") return `${s.bankName ?? "Bank"} account ending in ${s.last4}`;
  return `${s.brand ?? "Card"} ending in ${s.last4}`;
}

/** "Visa ending in 4242", "Bank account ending in 6789", or the method name when there is no card. */
export function describeMethod(p: { method?: string | null; methodBrand?: string | null; methodLast4?: string | null }): string {
  if (p.methodLast4) return `${p.methodBrand || methodLabel(p.method)} ending in ${p.methodLast4}`;
  return methodLabel(p.method);
}

const METHOD_LABELS: Record<string, string> = {
  credit_card: "Card",
  card: "Card",
  ach: "Bank transfer (ACH)",
  bank_account: "Bank account",
  check: "Check",
  wire_transfer: "Wire transfer",
  cash: "Cash",
  paypal: "PayPal",
  balance: "Account credit",
  other: "Other",
};

export function methodLabel(method: string | null | undefined): string {
  if (!method) return "Other";
  return METHOD_LABELS[method] ?? method.replace(/_/g, " ").replace(/^./, (ch) => ch.toUpperCase());
}
