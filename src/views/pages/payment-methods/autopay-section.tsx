import type { PaymentSource } from "../../../db/queries/payment-sources";
import { howToContact } from "../../../presentation/merchant-contact";
import { describeSource } from "../../../presentation/payment-methods";
import { AutopayTerms } from "../../components/autopay-terms";
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
            AutoPay is <strong>on</strong>.
            {defaultSource && (
              <>
                {" "}
                Each open invoice is charged on its due date, by the charge run that follows it (every 15 minutes), with your default method:{" "}
                {describeSource(defaultSource)}.
              </>
            )}
          </p>
          {tenant.allowAutopayOptOut ? (
            <AutopayForm value="off" label="Turn off AutoPay" />
          ) : (
            <p>To turn AutoPay off, please contact {howToContact(tenant)}.</p>
          )}
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
              <AutopayTerms tenant={tenant} source={defaultSource} />
              <AutopayForm value="on" label="Agree and turn on AutoPay" />
            </>
          ) : (
            <p>Add a payment method to turn on AutoPay.</p>
          )}
        </>
      )}
    </section>
  );
}
