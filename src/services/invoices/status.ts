/**
 * How an invoice reads to the customer. The stored status lags behind the clock
 * (nothing flips `sent` to `past_due` at midnight), so "past due" is decided here
 * from the due date, the same way the list's past-due filter decides it.
 */

type InvoiceState = { status: string; paid: boolean; balance: number; dueDate: number | null; total?: number };

export type InvoiceDisplayStatus = "paid" | "pending" | "past_due" | "partially_paid" | "open";

/** Still owed: mirrors `openCondition()` of the invoice queries. */
export function isOpenInvoice(inv: InvoiceState): boolean {
  return inv.balance > 0 && !inv.paid && inv.status !== "paid" && inv.status !== "pending";
}

export function invoiceDisplayStatus(inv: InvoiceState, now: number): InvoiceDisplayStatus {
  if (inv.paid || inv.status === "paid") return "paid";
  if (inv.status === "pending") return "pending";
  if (!isOpenInvoice(inv)) return "paid";
  if (inv.status === "past_due" || (inv.dueDate !== null && inv.dueDate < now)) return "past_due";
  // issue 17: a part-paid invoice says so (past due wins: it is what the customer must act on)
  if (inv.total !== undefined && inv.balance < inv.total) return "partially_paid";
  return "open";
}
