/** The words for a document or payment status, the same on pages, PDFs and CSV. */
const LABELS: Record<string, string> = {
  not_sent: "Not sent",
  sent: "Open",
  viewed: "Open",
  open: "Open",
  past_due: "Past due",
  partially_paid: "Partially paid",
  pending: "Pending",
  paid: "Paid",
  voided: "Voided",
  draft: "Draft",
  succeeded: "Succeeded",
  failed: "Failed",
  approved: "Approved",
  declined: "Declined",
  invoiced: "Invoiced",
  expired: "Expired",
  active: "Active",
  canceled: "Canceled",
};

export function statusLabel(status: string): string {
  return LABELS[status] ?? status.replace(/_/g, " ").replace(/^./, (ch) => ch.toUpperCase());
}
