import { html } from "hono/html";
import { formatDate, isoDate } from "../../presentation/format";

/**
 * A date (unix seconds) as readable text with a machine-readable datetime; "None" (or
 * `empty`) for none. As an HTML string: long lists render it per cell, and a string is
 * cheaper than a JSX node (issue 18); the bytes are what the JSX gave.
 */
export function dateHtml(ts: number | null | undefined, empty?: string) {
  if (ts === null || ts === undefined) return html`<span class="muted">${empty ?? "None"}</span>`;
  return html`<time datetime="${isoDate(ts)}">${formatDate(ts)}</time>`;
}

export function DateText(p: { ts: number | null | undefined; empty?: string }) {
  return dateHtml(p.ts, p.empty);
}
