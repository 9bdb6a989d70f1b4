import { formatMoney } from "../../lib/money";

/** An amount in minor units, formatted for its currency ("$1,234.50", "¥1,235"). */
export function Money(p: { minor: number; currency: string; class?: string }) {
  return <span class={p.class ? `money ${p.class}` : "money"}>{formatMoney(p.minor, p.currency)}</span>;
}
