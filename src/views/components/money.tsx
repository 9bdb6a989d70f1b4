import { html } from "hono/html";
import { formatMoney } from "../../lib/money";

/** An amount in minor units, formatted for its currency ("$1,234.50", "¥1,235"), as an HTML string (see dateHtml). */
export function moneyHtml(minor: number, currency: string, cls?: string) {
  return html`<span class="${cls ? `money ${cls}` : "money"}">${formatMoney(minor, currency)}</span>`;
}

export function Money(p: { minor: number; currency: string; class?: string }) {
  return moneyHtml(p.minor, p.currency, p.class);
}
