import type { PaymentSource } from "../../../db/queries/payment-sources";
import { isLastAutopayMethod, lastMethodMessage } from "../../../services/payment-methods/rules";
import { Layout } from "../../layout";
import { useCustomer, usePortal } from "../../portal-context";
import { Notice } from "../billing/fields";
import { AutopaySection } from "./autopay-section";
import { MethodsTable } from "./methods-table";

export type PaymentMethodsPageProps = {
  sources: PaymentSource[];
  now: number;
  notice?: string;
  /** a refused action, said in words at the top (409, 422) */
  error?: string;
};

/** /payment-methods: saved cards and bank accounts, the default, and AutoPay. */
export function PaymentMethodsPage(p: PaymentMethodsPageProps) {
  const { tenant } = usePortal();
  const customer = useCustomer();
  const defaultSource = p.sources.find((s) => s.id === customer.defaultPaymentSourceId) ?? null;
  const locked = isLastAutopayMethod(customer, p.sources.length) ? (p.sources[0] ?? null) : null;
  return (
    <Layout title="Payment methods" active="billing">
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
          <MethodsTable sources={p.sources} defaultId={defaultSource?.id ?? null} now={p.now} lockedId={locked?.id ?? null} />
        ) : (
          <p class="empty">No saved payment methods. Add a card or bank account to pay faster, or to turn on AutoPay.</p>
        )}
        {locked && <p>{lastMethodMessage(tenant)}</p>}
        <p>
          <a class="button" href="/payment-methods/new">
            Add a payment method
          </a>
        </p>
      </section>
      <AutopaySection defaultSource={defaultSource} />
    </Layout>
  );
}
