import { statusLabel } from "../../presentation/status";

/**
 * A status as a labelled badge. The word is always there (never colour alone);
 * the class only adds colour through the stylesheet.
 */
export function StatusBadge(p: { status: string }) {
  const cls = /^[a-z_]+$/.test(p.status) ? p.status.replace(/_/g, "-") : "other";
  return <span class={`badge badge-${cls}`}>{statusLabel(p.status)}</span>;
}
