import { html } from "hono/html";
import { statusLabel } from "../../presentation/status";

/**
 * A status as a labelled badge. The word is always there (never colour alone);
 * the class only adds colour through the stylesheet. As an HTML string (see dateHtml).
 */
export function badgeHtml(status: string) {
  const cls = /^[a-z_]+$/.test(status) ? status.replace(/_/g, "-") : "other";
  return html`<span class="badge badge-${cls}">${statusLabel(status)}</span>`;
}

export function StatusBadge(p: { status: string }) {
  return badgeHtml(p.status);
}
