import type { Plan } from "../../../db/queries/catalog";
import type { SignUpPage } from "../../../db/queries/sign-up-pages";
import { formatDate, formatMoney } from "../../../presentation/format";
import { countryOptions } from "../../../services/billing/countries";
import type { SignupForm } from "../../../services/signup/choice";
import type { FieldErrors } from "../../components/field-errors";
import { Layout } from "../../layout";
import { CsrfField } from "../../portal-context";
import { ErrorSummary, FieldMessages, SelectField, TextField } from "../billing/fields";

export type SignupTotal = { dueNow: number; recurring: number; currency: string; trialEnds: number | null; interval: string } | null;

export type SignupPageProps = {
  page: SignUpPage;
  plans: Plan[];
  addons: Plan[];
  form: SignupForm;
  errors: FieldErrors;
  total: SignupTotal;
  /** the form's own address: `/pages/{id}` or the prefilled `/pages/{id}/{token}` */
  action: string;
  /** the test gateway takes typed test cards; otherwise no card field is shown (S41) */
  testCards: boolean;
  /** a known customer (onboarding link or signed in): the subscription is added to it */
  forCustomer: string | null;
};

const LABELS: Record<string, string> = {
  _form: "",
  plan: "Plan",
  quantity: "Quantity",
  addons: "Add-ons",
  coupon: "Coupon code",
  name: "Name",
  email: "Email",
  address1: "Street address",
  city: "City",
  postal_code: "Postal code",
  country: "Country",
  card_number: "Card number",
  card_expiry: "Expiry date",
  card_cvc: "Security code",
  card_name: "Name on card",
  terms: "Terms",
};

const every = (interval: string) => (interval === "day" ? "day" : interval);

/** The live total (htmx swaps this element; `aria-live` reads it out). */
export function SignupTotalView(p: { total: SignupTotal; problem?: string | null }) {
  const t = p.total;
  return (
    <div id="signup-total" class="pay-total" aria-live="polite">
      {t ? (
        <>
          <p>
            Due today: <strong>{formatMoney(t.dueNow, t.currency)}</strong>
          </p>
          <p>
            {t.trialEnds ? `Free trial until ${formatDate(t.trialEnds)}, then ` : "Then "}
            <strong>{formatMoney(t.recurring, t.currency)}</strong> per {every(t.interval)}, taxes included.
          </p>
        </>
      ) : (
        <p>{p.problem ?? "Choose a plan to see the total."}</p>
      )}
    </div>
  );
}

function PlanChoice(p: SignupPageProps) {
  const e = p.errors.plan;
  return (
    <fieldset id="signup-plan" class={e ? "field has-error" : "field"} aria-describedby={e ? "signup-plan-error" : undefined}>
      <legend>Plan</legend>
      <FieldMessages id="signup-plan" error={e} />
      {p.plans.map((plan) => (
        <div class="field checkbox">
          <input type="radio" id={`plan-${plan.id}`} name="plan" value={plan.id} checked={p.form.plan === plan.id} />
          <label for={`plan-${plan.id}`}>
            {plan.name}: {formatMoney(plan.amount, plan.currency)} per {plan.intervalCount > 1 ? `${plan.intervalCount} ${plan.interval}s` : plan.interval}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function Addons(p: SignupPageProps) {
  if (p.addons.length === 0) return null;
  const e = p.errors.addons;
  return (
    <fieldset id="signup-addons" class={e ? "field has-error" : "field"}>
      <legend>
        Add-ons <span class="optional">(optional)</span>
      </legend>
      <FieldMessages id="signup-addons" error={e} />
      {p.addons.map((a) => (
        <div class="field checkbox">
          <input type="checkbox" id={`addon-${a.id}`} name="addons" value={a.id} checked={p.form.addons.includes(a.id)} />
          <label for={`addon-${a.id}`}>
            {a.name}: {formatMoney(a.amount, a.currency)} per {a.interval}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function Address(p: SignupPageProps) {
  if (!p.page.billingAddress) return null;
  const { form: f, errors: e } = p;
  const countries = [{ value: "", label: "Choose a country" }, ...countryOptions().map((c) => ({ value: c.code, label: c.name }))];
  return (
    <fieldset class="field">
      <legend>Billing address</legend>
      <TextField
        id="signup-address1"
        name="address1"
        label="Street address"
        value={f.address1}
        error={e.address1}
        autocomplete="address-line1"
        required
        maxlength={255}
      />
      <TextField id="signup-address2" name="address2" label="Apartment, suite, etc." value={f.address2} autocomplete="address-line2" maxlength={255} />
      <TextField id="signup-city" name="city" label="City" value={f.city} error={e.city} autocomplete="address-level2" required maxlength={255} />
      <TextField id="signup-state" name="state" label="State or region" value={f.state} autocomplete="address-level1" maxlength={255} />
      <TextField
        id="signup-postal_code"
        name="postal_code"
        label="Postal code"
        value={f.postal_code}
        error={e.postal_code}
        autocomplete="postal-code"
        required
        maxlength={32}
      />
      <SelectField id="signup-country" name="country" label="Country" value={f.country} options={countries} error={e.country} autocomplete="country" required />
    </fieldset>
  );
}

function Card(p: SignupPageProps) {
  const { form: f, errors: e } = p;
  // Stripe tenants: the card is entered on Stripe Checkout (setup mode) after this form, never here (S41)
  if (!p.testCards) return <p>After you press Subscribe, you will enter your card on Stripe's secure page, then come back here.</p>;
  return (
    <fieldset class="field">
      <legend>Payment method</legend>
      <TextField
        id="signup-card_number"
        name="card_number"
        label="Card number"
        value={f.card_number}
        error={e.card_number}
        hint="Test mode: use 4242 4242 4242 4242; 4000 0000 0000 0002 is declined."
        autocomplete="cc-number"
        inputmode="numeric"
        required
        maxlength={30}
      />
      <TextField
        id="signup-card_expiry"
        name="card_expiry"
        label="Expiry date"
        value={f.card_expiry}
        error={e.card_expiry}
        hint="MM/YY, for example 12/30."
        autocomplete="cc-exp"
        required
        maxlength={10}
      />
      <TextField
        id="signup-card_cvc"
        name="card_cvc"
        label="Security code (CVC)"
        value={f.card_cvc}
        error={e.card_cvc}
        autocomplete="cc-csc"
        inputmode="numeric"
        required
        maxlength={8}
      />
      <TextField id="signup-card_name" name="card_name" label="Name on card" value={f.card_name} error={e.card_name} autocomplete="cc-name" maxlength={100} />
    </fieldset>
  );
}

/**
 * The public sign-up page (issue 16.2). Works without JavaScript: "Update total"
 * posts the form back and the page shows the new total; with htmx the total follows
 * every change. The honeypot field is off-screen and out of the tab order.
 */
export function SignupPage(p: SignupPageProps) {
  const { form: f, errors: e, page } = p;
  const totalUrl = `${p.action}/total`.replace(/^\/pages\/(\d+)\/[^/]+\/total$/, "/pages/$1/total");
  return (
    <Layout title={page.name}>
      <h1>{page.name}</h1>
      {page.headerText && <p class="lede">{page.headerText}</p>}
      {p.forCustomer && <p>This subscription will be added to the account of {p.forCustomer}.</p>}
      {e._form && (
        <p class="error-summary" role="alert">
          {e._form}
        </p>
      )}
      <ErrorSummary errors={Object.fromEntries(Object.entries(e).filter(([k]) => k !== "_form"))} idPrefix="signup-" labels={LABELS} />
      <form method="post" action={p.action} class="stack-form" novalidate>
        <CsrfField />
        <input type="hidden" name="form_token" value={f.form_token} />
        <div
          id="signup-choice"
          hx-post={totalUrl}
          hx-trigger="change, input delay:400ms"
          hx-include="closest form"
          hx-target="#signup-total"
          hx-swap="outerHTML"
        >
          <PlanChoice {...p} />
          {page.hasQuantity && (
            <TextField id="signup-quantity" name="quantity" label="Quantity" value={f.quantity} error={e.quantity} inputmode="numeric" required maxlength={7} />
          )}
          <Addons {...p} />
          {page.hasCouponCode && <TextField id="signup-coupon" name="coupon" label="Coupon code" value={f.coupon} error={e.coupon} maxlength={100} />}
        </div>
        <SignupTotalView total={p.total} />
        <button type="submit" name="action" value="total" class="secondary">
          Update total
        </button>
        <fieldset class="field">
          <legend>Your details</legend>
          <TextField id="signup-name" name="name" label="Name" value={f.name} error={e.name} autocomplete="name" required maxlength={255} />
          <TextField id="signup-email" name="email" label="Email" type="email" value={f.email} error={e.email} autocomplete="email" required maxlength={254} />
        </fieldset>
        <Address {...p} />
        <Card {...p} />
        <div class="signup-hp">
          <label for="signup-website">Leave this field empty</label>
          <input id="signup-website" name="website" type="text" value="" tabindex={-1} autocomplete="off" />
        </div>
        {page.tosUrl && (
          <div id="signup-terms" class={e.terms ? "field checkbox has-error" : "field checkbox"}>
            <input
              id="signup-terms-box"
              name="terms"
              type="checkbox"
              value="1"
              checked={f.terms === "1"}
              aria-describedby={e.terms ? "signup-terms-error" : undefined}
            />
            <label for="signup-terms-box">
              I accept the <a href={page.tosUrl}>terms of service</a>
            </label>
            <FieldMessages id="signup-terms" error={e.terms} />
          </div>
        )}
        <div class="actions">
          <button type="submit" name="action" value="subscribe">
            Subscribe
          </button>
        </div>
      </form>
    </Layout>
  );
}
