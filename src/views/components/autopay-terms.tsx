import type { Tenant } from "../../db/queries/types";
import { howToContact } from "../../presentation/merchant-contact";
import { pluralWord } from "../../presentation/plural";

/**
 * The AutoPay authorization (issue 17.3): what turning AutoPay on allows, stated
 * as the scheduler does it (src/services/autopay/, src/db/queries/autopay.ts):
 *
 * - which method: the default method, or the newest saved one if the default is gone;
 * - which invoices: every issued, open invoice of the account with a balance, those
 *   already due included, each charged for its whole remaining balance;
 * - when: by the scheduled run (every 15 minutes) after the invoice's due date, or its
 *   invoice date when it has no due date;
 * - declines: an email each time, retried after the tenant's retry days;
 * - how to stop: the button, or the merchant when the tenant does not allow opting out.
 *
 * Then the tenant's own text. Rendered on the confirmation step for turning AutoPay
 * on (/payment-methods/autopay/confirm, WCAG 3.3.4) and on the payment's review page
 * when "Enroll in AutoPay" was ticked: nothing is enrolled before the customer has
 * read it and pressed the button under it.
 */
export type AutopayTermsProps = {
  tenant: Pick<
    Tenant,
    "name" | "allowAutopayOptOut" | "dunningRetryDays" | "autopayTerms" | "supportEmail" | "supportPhone" | "postalAddress" | "taxId" | "website"
  >;
  /** the method AutoPay would charge, as the customer knows it ("Visa ending in 4242") */
  method: string;
};

/** [3, 5, 7] -> "3, 5 and 7 days" */
function retryDaysText(days: number[]): string {
  if (!days.length) return "";
  const list = days.length === 1 ? String(days[0]) : `${days.slice(0, -1).join(", ")} and ${days.at(-1)}`;
  return `${list} ${pluralWord(days.at(-1)!, "day")}`;
}

export function AutopayTerms(p: AutopayTermsProps) {
  const t = p.tenant;
  const retries = retryDaysText(t.dunningRetryDays);
  return (
    <div class="autopay-terms" id="autopay-terms">
      <h2>What AutoPay authorizes</h2>
      <ul>
        <li>
          <strong>Method:</strong> {t.name} charges your default payment method, {p.method}. If you remove it, your newest saved method is charged instead.
        </li>
        <li>
          <strong>Invoices:</strong> every open invoice on your account, for its full remaining balance, including invoices that are already due.
        </li>
        <li>
          <strong>When:</strong> on the invoice's due date (or its invoice date when it has none), by the charge run that follows it; the run happens every 15
          minutes. Invoices already due are charged by the next run.
        </li>
        <li>
          <strong>If a charge is declined:</strong> we email you
          {retries ? <> and try again {retries} after the first decline</> : <>; it is not retried automatically</>}.
        </li>
        <li>
          <strong>Turning it off:</strong>{" "}
          {t.allowAutopayOptOut ? (
            <>you can turn AutoPay off at any time on the Payment methods page; invoices not yet charged are then not charged.</>
          ) : (
            <>
              only {t.name} can turn AutoPay off for you: contact {howToContact(t)}.
            </>
          )}
        </li>
      </ul>
      {t.autopayTerms && (
        <div class="merchant-terms">
          <h3>Terms from {t.name}</h3>
          {t.autopayTerms.split(/\r?\n\s*\r?\n/).map((para) => (
            <p>{para}</p>
          ))}
        </div>
      )}
    </div>
  );
}
