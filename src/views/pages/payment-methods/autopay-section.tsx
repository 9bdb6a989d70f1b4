import type { PaymentSource } from "../../../db/queries/payment-sources";
import { howToContact } from "../../../presentation/merchant-contact";
import { describeSource } from "../../../presentation/payment-methods";
import { CsrfField, useCustomer, usePortal } from "../../portal-context";

export type AutopaySectionProps = { defaultSource: PaymentSource | null };

/** Turning AutoPay off: one press, it charges nothing (turning it on is confirmed first). */
function AutopayOffForm() {
  return (
    <form method="post" action="/payment-methods/autopay" class="inline-form">
      <CsrfField />
      <input type="hidden" name="autopay" value="off" />
      <button type="submit" class="button-secondary">
        Turn off AutoPay
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
          {tenant.allowAutopayOptOut ? <AutopayOffForm /> : <p>To turn AutoPay off, please contact {howToContact(tenant)}.</p>}
        </>
      ) : (
        <>
          <p>
            AutoPay is <strong>off</strong>. You pay each invoice yourself.
          </p>
          {!tenant.allowAutopayEnrollment ? (
            <p>{tenant.name} does not offer AutoPay in this portal.</p>
          ) : defaultSource ? (
            <p>
              {/* a link to the confirmation step: one press never enrols (WCAG 3.3.4) */}
              <a class="button" href="/payment-methods/autopay/confirm">
                Set up AutoPay
              </a>
            </p>
          ) : (
            <p>Add a payment method to turn on AutoPay.</p>
          )}
        </>
      )}
    </section>
  );
}
