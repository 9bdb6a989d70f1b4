import type { Plan } from "../../../db/queries/catalog";
import type { Subscription } from "../../../db/queries/subscriptions";
import { formatMoney } from "../../../presentation/format";
import { DateText } from "../../components/date";
import { CsrfField } from "../../portal-context";
import { FieldError } from "../pay/parts";
import { intervalText } from "./parts";

/**
 * Change plan or quantity (issue 15). A GET form: "Preview change" works without
 * JavaScript (the page comes back with the preview); with htmx, changing a field
 * fetches only the preview panel and swaps it in place. Nothing changes until the
 * preview's own POST form, "Confirm change", which carries the instant the preview
 * was priced at, so the invoice it makes equals the preview to the cent.
 */

export type ChangeChoice = { plan: string; quantity: string };

/** What the engine computed for the preview, in minor units of the subscription's currency. */
export type PreviewFigures = {
  plan: string;
  planName: string;
  quantity: number;
  effective: "none" | "now" | "period_end";
  credit: number;
  charge: number;
  discount: number;
  tax: number;
  /** the prorated invoice's total; <= 0 is a credit kept for the next invoice */
  total: number;
  hasDraft: boolean;
  recurringTotal: number;
  renewsAt: number | null;
  prorationDate: number;
};

export function ChangeForm(p: {
  sub: Subscription;
  plans: Plan[];
  bounds: { min: number; max: number };
  choice: ChangeChoice;
  errors: Record<string, string>;
}) {
  const s = p.sub;
  const action = `/subscriptions/${s.publicId}/change`;
  return (
    <form
      method="get"
      action={action}
      hx-get={action}
      hx-trigger="change, submit"
      hx-target="#change-preview"
      hx-swap="outerHTML"
      class="change-form"
      novalidate
    >
      {p.plans.length > 0 && (
        <div class="field">
          <label for="change-plan">Plan</label>
          <select id="change-plan" name="plan" aria-describedby={p.errors.plan ? "plan-error" : undefined}>
            {!p.plans.some((pl) => pl.id === s.plan) && (
              <option value={s.plan} selected={p.choice.plan === s.plan}>
                {s.planName} (current)
              </option>
            )}
            {p.plans.map((pl) => (
              <option value={pl.id} selected={p.choice.plan === pl.id}>
                {pl.name}: {formatMoney(pl.amount, pl.currency)} {intervalText(pl)}
                {pl.id === s.plan ? " (current)" : ""}
              </option>
            ))}
          </select>
          <FieldError id="plan" message={p.errors.plan} />
        </div>
      )}
      {p.plans.length === 0 && <input type="hidden" name="plan" value={s.plan} />}
      <div class="field">
        <label for="change-quantity">Quantity</label>
        <span class="hint" id="quantity-hint">
          From {p.bounds.min} to {p.bounds.max}
        </span>
        <input
          id="change-quantity"
          name="quantity"
          type="number"
          inputmode="numeric"
          min={String(p.bounds.min)}
          max={String(p.bounds.max)}
          value={p.choice.quantity}
          aria-describedby={p.errors.quantity ? "quantity-hint quantity-error" : "quantity-hint"}
          aria-invalid={p.errors.quantity ? "true" : undefined}
        />
        <FieldError id="quantity" message={p.errors.quantity} />
      </div>
      <div class="actions">
        <button type="submit" class="button-secondary">
          Preview change
        </button>
      </div>
    </form>
  );
}

/** The preview panel: the page renders it in place, htmx swaps just this element. */
export function ChangePreview(p: { sub: Subscription; figures: PreviewFigures | null; problem?: string | null }) {
  const s = p.sub;
  const f = p.figures;
  const money = (minor: number) => formatMoney(minor, s.currency);
  return (
    <div id="change-preview" class="change-preview" aria-live="polite">
      {p.problem && (
        <p class="notice notice-error" role="alert">
          {p.problem}
        </p>
      )}
      {f && (
        <section class="card" aria-labelledby="preview-heading" data-charge-now={String(Math.max(f.total, 0))} data-total={String(f.total)}>
          <h3 id="preview-heading">
            Preview: {f.planName} × {f.quantity}
          </h3>
          {f.effective === "period_end" ? (
            <p>
              This lowers your price, so it takes effect at the end of the current period, on <DateText ts={f.renewsAt} />. Nothing is charged now.
            </p>
          ) : f.hasDraft ? (
            <dl class="facts preview-figures">
              <dt>Credit for unused time</dt>
              <dd>{money(f.credit)}</dd>
              <dt>New price for the rest of this period</dt>
              <dd>{money(f.charge)}</dd>
              {f.discount > 0 && (
                <>
                  <dt>Discount</dt>
                  <dd>{money(-f.discount)}</dd>
                </>
              )}
              {f.tax !== 0 && (
                <>
                  <dt>Tax</dt>
                  <dd>{money(f.tax)}</dd>
                </>
              )}
              <dt>{f.total > 0 ? "Charged now" : "Credit to your account"}</dt>
              <dd>
                <strong class="preview-total">{money(Math.abs(f.total))}</strong>
              </dd>
            </dl>
          ) : (
            <p>This takes effect now. Nothing is charged now.</p>
          )}
          <p>
            Next renewal: <DateText ts={f.renewsAt} /> · <strong class="preview-renewal">{money(f.recurringTotal)}</strong>
            {s.taxes.length > 0 ? " including tax" : ""}
          </p>
          <form method="post" action={`/subscriptions/${s.publicId}/change`} class="confirm-change">
            <CsrfField />
            <input type="hidden" name="plan" value={f.plan} />
            <input type="hidden" name="quantity" value={String(f.quantity)} />
            <input type="hidden" name="version" value={String(s.version)} />
            <input type="hidden" name="proration_date" value={String(f.prorationDate)} />
            <button type="submit">{f.effective === "now" && f.total > 0 ? `Confirm and pay ${money(f.total)}` : "Confirm change"}</button>
          </form>
        </section>
      )}
    </div>
  );
}
