import type { Plan } from "../../../db/queries/catalog";
import type { SignUpPage } from "../../../db/queries/sign-up-pages";
import { formatDate, formatMoney } from "../../../presentation/format";
import type { SignupForm } from "../../../services/signup/choice";
import { AddressFields, type AddressValues } from "../../components/address-fields";
import { CardFields } from "../../components/card-fields";
import type { FieldErrors } from "../../components/field-errors";
import { Layout } from "../../layout";
import { CsrfField } from "../../portal-context";
import { ErrorSummary, FieldMessages, TextField } from "../billing/fields";

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
  /** a known customer's email: shown, never changed here (S25) */
  emailFixed: boolean;
  /** a signed-in customer whose merchant does not let customers edit billing details */
  detailsLocked: boolean;
};

const LABELS: Record<string, string> = {
  _form: "",
  plan: "Plan",
  quantity: "Quantity",
  addons: "Add-ons",
  coupon: "Coupon code",
  name: "Name",
  email: "Email",
  phone: "Phone",
  address1: "Street address",
  city: "City",
  postal_code: "Postal code",
  country: "Country",
  shipping_address1: "Shipping street address",
  shipping_city: "Shipping city",
  shipping_postal_code: "Shipping postal code",
  shipping_country: "Shipping country",
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

const addressOf = (f: SignupForm, prefix: "" | "shipping_"): AddressValues => ({
  address1: f[`${prefix}address1`],
  address2: f[`${prefix}address2`],
  city: f[`${prefix}city`],
  state: f[`${prefix}state`],
  postal_code: f[`${prefix}postal_code`],
  country: f[`${prefix}country`],
});

const LINES: [string, string] = ["Street address", "Apartment, suite, etc."];

function Address(p: SignupPageProps) {
  if (!p.page.billingAddress || p.detailsLocked) return null;
  return (
    <fieldset class="field">
      <legend>Billing address</legend>
      <AddressFields idPrefix="signup-" values={addressOf(p.form, "")} errors={p.errors} lineLabels={LINES} required />
    </fieldset>
  );
}

/**
 * The shipping address when the page asks for one. "Same as billing" is a plain
 * checkbox (no JavaScript needed): ticked, the server ships to the billing address and
 * the stylesheet hides the fields (`:has`); unticked, they are required.
 */
function Shipping(p: SignupPageProps) {
  if (!p.page.shippingAddress) return null;
  const same = p.page.billingAddress;
  return (
    <fieldset class="field signup-shipping">
      <legend>Shipping address</legend>
      {same && (
        <div class="field checkbox">
          <input id="signup-shipping_same" name="shipping_same" type="checkbox" value="1" checked={p.form.shipping_same === "1"} />
          <label for="signup-shipping_same">Same as the billing address</label>
        </div>
      )}
      <div class="shipping-fields">
        <AddressFields idPrefix="signup-" namePrefix="shipping_" values={addressOf(p.form, "shipping_")} errors={p.errors} lineLabels={LINES} required />
      </div>
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
      <CardFields
        idPrefix="signup-"
        names={{ number: "card_number", expiry: "card_expiry", cvc: "card_cvc", name: "card_name" }}
        values={{ number: f.card_number, expiry: f.card_expiry, cvc: f.card_cvc, name: f.card_name }}
        errors={e}
        numberHint="Test mode: use 4242 4242 4242 4242; 4000 0000 0000 0002 is declined."
      />
    </fieldset>
  );
}

/** Name, email, phone; a signed-in customer whose merchant keeps details fixed sees them as text. */
function Details(p: SignupPageProps) {
  const { form: f, errors: e } = p;
  if (p.detailsLocked)
    return (
      <p>
        Your details: {f.name}, {f.email}. To change them, please get in touch with us.
      </p>
    );
  return (
    <fieldset class="field">
      <legend>Your details</legend>
      <TextField id="signup-name" name="name" label="Name" value={f.name} error={e.name} autocomplete="name" required maxlength={255} />
      <TextField
        id="signup-email"
        name="email"
        label="Email"
        type="email"
        value={f.email}
        error={e.email}
        hint={p.emailFixed ? "The subscription is added to this account's email address, which cannot be changed here." : undefined}
        readonly={p.emailFixed}
        autocomplete="email"
        required
        maxlength={254}
      />
      <TextField id="signup-phone" name="phone" label="Phone" type="tel" value={f.phone} error={e.phone} autocomplete="tel" maxlength={40} />
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
      {p.forCustomer && <p class="signup-for">Subscribing as {p.forCustomer}: this subscription will be added to your account.</p>}
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
        <Details {...p} />
        <Address {...p} />
        <Shipping {...p} />
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
