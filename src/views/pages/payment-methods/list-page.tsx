import type { PaymentSource } from "../../../db/queries/payment-sources";
import type { Customer, Tenant } from "../../../db/queries/types";
import { isLastAutopayMethod, lastMethodMessage } from "../../../services/payment-methods/rules";
import { Layout } from "../../layout";
import { Notice } from "../billing/fields";
import { AutopaySection } from "./autopay-section";
import { MethodsTable } from "./methods-table";

export type PaymentMethodsPageProps = {
  tenant: Tenant;
  customer: Customer;
  csrfToken: string;
  sources: PaymentSource[];
  now: number;
  notice?: string;
  /** a refused action, said in words at the top (409, 422) */
  error?: string;
};

/** /payment-methods: saved cards and bank accounts, the default, and AutoPay. */
export function PaymentMethodsPage(p: PaymentMethodsPageProps) {
  const defaultSource = p.sources.find((s) => s.id === p.customer.defaultPaymentSourceId) ?? null;
  const locked = isLastAutopayMethod(p.customer, p.sources.length) ? (p.sources[0] ?? null) : null;
  return (
    <Layout title="Payment methods" tenant={p.tenant} customer={p.customer} csrfToken={p.csrfToken} active="billing">
      <h1>Payment methods</h1>
      <p>
        <a href="/billing">Billing details and contacts</a>
      </p>
      {p.error && (
        <div class="notice-error" role="alert" id="payment-methods-error">
          <p>{p.error}</p>
        </div>
      )}
      {p.notice && <Notice>{p.notice}</Notice>}
      <section aria-labelledby="methods-heading">
        <h2 id="methods-heading">Saved methods</h2>
        {p.sources.length ? (
          <MethodsTable sources={p.sources} defaultId={defaultSource?.id ?? null} csrfToken={p.csrfToken} now={p.now} lockedId={locked?.id ?? null} />
        ) : (
          <p>You have no saved payment methods.</p>
        )}
        {locked && <p>{lastMethodMessage(p.tenant)}</p>}
        <p>
          <a class="button" href="/payment-methods/new">
            Add a payment method
          </a>
        </p>
      </section>
      <AutopaySection tenant={p.tenant} customer={p.customer} defaultSource={defaultSource} csrfToken={p.csrfToken} />
    </Layout>
  );
}
