import type { PaymentSource } from "../../../db/queries/payment-sources";
import { describeSource } from "../../../presentation/payment-methods";
import { CsrfField, useCustomer, usePortal } from "../../portal-context";

export type AutopaySectionProps = { defaultSource: PaymentSource | null };

function AutopayForm(p: { value: "on" | "off"; label: string }) {
  return (
    <form method="post" action="/payment-methods/autopay" class="inline-form">
      <CsrfField />
      <input type="hidden" name="autopay" value={p.value} />
      <button type="submit" class={p.value === "on" ? undefined : "button-secondary"}>
        {p.label}
      </button>
    </form>
  );
}

/**
 * AutoPay state and the one action the merchant's settings allow. The buttons
 * follow the settings; the POST route enforces them as well.
 */
export function AutopaySection(p: AutopaySectionProps) {
  const { tenant } = usePortal();
  const customer = useCustomer();
  const { defaultSource } = p;
  return (
    <section aria-labelledby="autopay-heading" class="autopay">
      <h2 id="autopay-heading">AutoPay</h2>
      {customer.autopay ? (
        <>
          <p>
            AutoPay is <strong>on</strong>.{defaultSource && <> When an invoice is due, we charge your default method: {describeSource(defaultSource)}.</>}
          </p>
          {tenant.allowAutopayOptOut ? <AutopayForm value="off" label="Turn off AutoPay" /> : <p>To turn AutoPay off, please contact {tenant.name}.</p>}
        </>
      ) : (
        <>
          <p>
            AutoPay is <strong>off</strong>. You pay each invoice yourself.
          </p>
          {!tenant.allowAutopayEnrollment ? (
            <p>{tenant.name} does not offer AutoPay in this portal.</p>
          ) : defaultSource ? (
            <>
              <p>With AutoPay, invoices are paid on their due date with your default method: {describeSource(defaultSource)}.</p>
              <AutopayForm value="on" label="Turn on AutoPay" />
            </>
          ) : (
            <p>Add a payment method to turn on AutoPay.</p>
          )}
        </>
      )}
    </section>
  );
}
