import { formatMoney } from "../../../presentation/format";

/**
 * The running total. The pay page renders it once; with htmx, `/pay/total` sends
 * just this element again when an amount or tick changes (outerHTML swap).
 * `aria-live` reads the new total out.
 */
export function PayTotal(p: { amount: number; currency: string | null; problem?: string | null }) {
  return (
    <p id="pay-total" class="pay-total" aria-live="polite">
      Total to pay: <strong>{p.currency ? formatMoney(p.amount, p.currency) : "—"}</strong>
      {p.problem ? <span class="muted"> ({p.problem})</span> : null}
    </p>
  );
}
