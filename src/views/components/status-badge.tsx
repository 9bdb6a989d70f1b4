/**
 * A status as a labelled badge. The word is always there (never colour alone);
 * the class only adds colour through the stylesheet.
 */
const LABELS: Record<string, string> = {
  not_sent: "Not sent",
  sent: "Open",
  viewed: "Open",
  open: "Open",
  past_due: "Past due",
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

export function StatusBadge(p: { status: string }) {
  const cls = /^[a-z_]+$/.test(p.status) ? p.status.replace(/_/g, "-") : "other";
  return <span class={`badge badge-${cls}`}>{statusLabel(p.status)}</span>;
}
