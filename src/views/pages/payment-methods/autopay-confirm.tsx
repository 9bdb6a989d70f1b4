import type { PaymentSource } from "../../../db/queries/payment-sources";
import { describeSource } from "../../../presentation/payment-methods";
import { AutopayTerms } from "../../components/autopay-terms";
import { Layout } from "../../layout";
import { CsrfField, usePortal } from "../../portal-context";

/**
 * "Turn on AutoPay?" (issue 17.3, WCAG 3.3.4): the authorization text, then the one
 * button that enrols, and a way back that changes nothing. The Payment methods page
 * links here, so turning AutoPay on always takes this second, informed press; turning
 * it off stays one press there (it charges nothing).
 */
export function AutopayConfirmPage(p: { source: PaymentSource }) {
  const { tenant } = usePortal();
  return (
    <Layout title="Turn on AutoPay?" active="billing">
      <h1>Turn on AutoPay?</h1>
      <p>Read what AutoPay allows {tenant.name} to do. Nothing changes until you agree.</p>
      <AutopayTerms tenant={tenant} method={describeSource(p.source)} />
      <form method="post" action="/payment-methods/autopay">
        <CsrfField />
        <input type="hidden" name="autopay" value="on" />
        <div class="actions">
          <button type="submit">Agree and turn on AutoPay</button>
          <a href="/payment-methods">Cancel, keep AutoPay off</a>
        </div>
      </form>
    </Layout>
  );
}
