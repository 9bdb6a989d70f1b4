import type { Coupon } from "../../../db/queries/catalog";
import type { Subscription } from "../../../db/queries/subscriptions";
import { formatMoney } from "../../../presentation/format";
import { CANCEL_REASONS } from "../../../services/subscription-portal/rules";
import { DateText } from "../../components/date";
import { Layout } from "../../layout";
import { CsrfField } from "../../portal-context";
import { FieldError } from "../pay/parts";
import { planText } from "./parts";

/**
 * Cancelling (issue 15): when (at the period end by default; now only when the
 * merchant allows), an optional reason from a fixed list and the customer's own
 * words. With a retention coupon configured, the first submit shows the offer;
 * the cancellation happens only on the second, explicit confirm.
 */

export type CancelChoice = { when: string; reason: string; details: string };

export function CancelPage(p: { sub: Subscription; allowNow: boolean; choice: CancelChoice; errors: Record<string, string>; alert?: string }) {
  const s = p.sub;
  const endsAt = s.periodsBilled > 0 ? (s.periodEnd ?? s.renewsNext) : null;
  return (
    <Layout title="Cancel subscription" active="subscriptions">
      <p class="breadcrumb">
        <a href={`/subscriptions/${s.publicId}`}>Back to the subscription</a>
      </p>
      <h1>Cancel {planText(s)}</h1>
      {p.alert && (
        <div class="alert alert-error" role="alert">
          <p>{p.alert}</p>
        </div>
      )}
      <form method="post" action={`/subscriptions/${s.publicId}/cancel`} novalidate>
        <CsrfField />
        <input type="hidden" name="version" value={String(s.version)} />
        <fieldset>
          <legend>When should it end?</legend>
          <div class="field checkbox">
            <input type="radio" id="when-period-end" name="when" value="period_end" checked={p.choice.when !== "now"} />
            <label for="when-period-end">
              {endsAt ? (
                <>
                  At the end of the current period, on <DateText ts={endsAt} />
                </>
              ) : (
                "Before its first invoice"
              )}
            </label>
            <span class="hint">You keep it until then and can undo the cancellation.</span>
          </div>
          {p.allowNow && (
            <div class="field checkbox">
              <input type="radio" id="when-now" name="when" value="now" checked={p.choice.when === "now"} />
              <label for="when-now">Now</label>
              <span class="hint">It ends immediately. This cannot be undone.</span>
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>Why are you cancelling? (optional)</legend>
          {Object.entries(CANCEL_REASONS).map(([value, label]) => (
            <div class="field checkbox">
              <input type="radio" id={`reason-${value}`} name="reason" value={value} checked={p.choice.reason === value} />
              <label for={`reason-${value}`}>{label}</label>
            </div>
          ))}
          <FieldError id="reason" message={p.errors.reason} />
          <div class="field">
            <label for="details">Anything you would like to tell us? (optional)</label>
            <textarea id="details" name="details" rows={3} maxlength={200} aria-describedby={p.errors.details ? "details-error" : undefined}>
              {p.choice.details}
            </textarea>
            <FieldError id="details" message={p.errors.details} />
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit">Continue to cancel</button>
          <a href={`/subscriptions/${s.publicId}`}>Keep my subscription</a>
        </div>
      </form>
    </Layout>
  );
}

/** The retention offer, before the final confirm: accept it, or confirm the cancellation as chosen. */
export function RetentionPage(p: { sub: Subscription; coupon: Coupon; choice: CancelChoice }) {
  const s = p.sub;
  const c = p.coupon;
  const value = c.isPercent ? `${c.value / 100}% off` : `${formatMoney(c.value, c.currency ?? s.currency)} off`;
  return (
    <Layout title="Before you go" active="subscriptions">
      <h1>Before you go</h1>
      <section class="card" aria-labelledby="offer-heading">
        <h2 id="offer-heading">
          {c.name}: {value}
        </h2>
        <p>
          Stay with {planText(s)} and get {value} with this offer.
        </p>
        <form method="post" action={`/subscriptions/${s.publicId}/retention`}>
          <CsrfField />
          <input type="hidden" name="version" value={String(s.version)} />
          <button type="submit">Accept the offer and keep my subscription</button>
        </form>
      </section>
      <form method="post" action={`/subscriptions/${s.publicId}/cancel`}>
        <CsrfField />
        <input type="hidden" name="version" value={String(s.version)} />
        <input type="hidden" name="when" value={p.choice.when} />
        <input type="hidden" name="reason" value={p.choice.reason} />
        <input type="hidden" name="details" value={p.choice.details} />
        <input type="hidden" name="offer_declined" value="yes" />
        <div class="actions">
          <button type="submit" class="button-secondary">
            No thanks, cancel {p.choice.when === "now" ? "now" : "at the period end"}
          </button>
        </div>
      </form>
    </Layout>
  );
}
