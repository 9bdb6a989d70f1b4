import type { PayData } from "../../../services/pay/page-data";
import { Money } from "../../components/money";
import { Layout } from "../../layout";
import { CsrfField, useCustomer, usePortal } from "../../portal-context";
import { InvoicePicker } from "./invoice-picker";
import { MethodFields, type MethodState } from "./method-fields";
import { describedBy, ErrorList, FieldError } from "./parts";
import { PayTotal } from "./total";

export type PayFormState = MethodState & {
  selected: string[];
  amounts: Record<string, string>;
  advance: string;
  autopay: boolean;
};

export type PayPageProps = {
  data: PayData;
  flow: "direct" | "hosted";
  state: PayFormState;
  errors: Record<string, string>;
  total: { amount: number; currency: string | null };
  /** paying an estimate's deposit (`/pay?estimate=...`) instead of invoices */
  deposit: boolean;
  /**
   * The request named its invoices (the invoice page's Pay button, "Try again", a
   * re-shown form): those come first, every other open invoice behind "Add other
   * invoices". Plain /pay lists them all with "Select all" and "Select none".
   */
  focused: boolean;
};

/** Where an error's link in the summary jumps to. */
function errorTarget(field: string, p: PayPageProps): string {
  if (field === "invoice") return p.deposit ? "deposit" : "pay-invoices";
  if (field === "estimate") return "deposit";
  if (field === "method") return "pay-method";
  return field;
}

function Deposit(p: PayPageProps) {
  const e = p.data.estimate;
  const error = p.errors.estimate ?? p.errors.invoice;
  return (
    <section id="deposit" class="card" aria-labelledby="deposit-heading" tabindex={-1}>
      <h2 id="deposit-heading">Deposit</h2>
      {e ? (
        <>
          <input type="hidden" name="estimate" value={e.publicId} />
          <p>
            Deposit for estimate <a href={`/estimates/${e.publicId}`}>{e.number}</a>: <Money minor={e.deposit} currency={e.currency} />
          </p>
        </>
      ) : null}
      <FieldError id="estimate" message={error} />
    </section>
  );
}

function Advance(p: PayPageProps) {
  const { tenant } = usePortal();
  const customer = useCustomer();
  if (!tenant.allowAdvancePayments) return null;
  const error = p.errors.advance_amount;
  const currency = (p.total.currency ?? customer.currency ?? tenant.currency).toUpperCase();
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for="advance_amount">Advance payment (optional)</label>
      <p class="hint" id="advance_amount-hint">
        Pay ahead in {currency}: the amount is kept as credit for future invoices.
      </p>
      <input
        type="text"
        id="advance_amount"
        name="advance_amount"
        inputmode="decimal"
        autocomplete="off"
        maxlength={20}
        value={p.state.advance}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy("advance_amount", { hint: true, error })}
      />
      <FieldError id="advance_amount" message={error} />
    </div>
  );
}

function Autopay(p: PayPageProps) {
  const { tenant } = usePortal();
  const customer = useCustomer();
  if (!tenant.allowAutopayEnrollment || customer.autopay) return customer.autopay ? <p class="muted">You are enrolled in AutoPay.</p> : null;
  const error = p.errors.autopay;
  return (
    <div class={error ? "check has-error" : "check"}>
      <input
        type="checkbox"
        id="autopay"
        name="autopay"
        value="1"
        checked={p.state.autopay}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy("autopay", { hint: true, error })}
      />
      <label for="autopay">
        Enroll in AutoPay
        <span class="hint" id="autopay-hint">
          Your open invoices are charged to this payment method when they are due; it is saved for that. The terms are shown before you pay.
        </span>
      </label>
      <FieldError id="autopay" message={error} />
    </div>
  );
}

/**
 * /pay: choose what to pay and how, then "Review payment" (nothing is charged until
 * the confirmation page's button). A plain form; with htmx the total follows the
 * ticks and amounts through the small `/pay/total` fragment, which is sent only the
 * amount fields (never card fields, which would land in a URL).
 */
export function PayPage(p: PayPageProps) {
  const { tenant } = usePortal();
  const nothing = !p.deposit && p.data.open.length === 0 && !tenant.allowAdvancePayments;
  return (
    <Layout title={p.deposit ? "Pay a deposit" : "Pay"}>
      <h1>{p.deposit ? "Pay a deposit" : "Pay invoices"}</h1>
      <ErrorList errors={p.errors} target={(f) => errorTarget(f, p)} />
      {nothing ? (
        <p>
          You have no open invoices. There is nothing to pay right now. <a href="/invoices">See all invoices</a>.
        </p>
      ) : (
        <form method="post" action="/pay" novalidate class="pay-form">
          <CsrfField />
          <div id="pay-amounts" hx-get="/pay/total" hx-trigger="change, input delay:400ms" hx-include="this" hx-target="#pay-total" hx-swap="outerHTML">
            {p.deposit ? <Deposit {...p} /> : <InvoicePicker data={p.data} state={p.state} errors={p.errors} focused={p.focused} />}
            {!p.deposit && <Advance {...p} />}
          </div>
          <MethodFields flow={p.flow} sources={p.data.sources} state={p.state} errors={p.errors} />
          <Autopay {...p} />
          {/* the total and the button stay in view at the bottom of the screen while the form scrolls (issue 17).
              Not on a deposit (one amount, a short page) or a page showing errors: there the bar would sit over
              the fields the customer must reach, and covered targets fail WCAG 2.5.8 (axe target-size) */}
          <div class={p.deposit || Object.keys(p.errors).length > 0 ? "pay-bar" : "pay-bar pay-bar-sticky"}>
            <PayTotal amount={p.total.amount} currency={p.total.currency} />
            <div class="actions">
              <button type="submit">Review payment</button>
              <a href={p.deposit && p.data.estimate ? `/estimates/${p.data.estimate.publicId}` : "/invoices"}>Cancel</a>
            </div>
          </div>
        </form>
      )}
    </Layout>
  );
}
