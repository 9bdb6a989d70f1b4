import type { AppliedPayment, InvoiceDocument } from "../../../db/queries/invoice-document";
import { addressLines } from "../../../presentation/document-text";
import { formatMoney } from "../../../presentation/format";
import { describeMethod, methodLabel } from "../../../presentation/payment-methods";
import { invoiceDisplayStatus, isOpenInvoice } from "../../../services/invoices/status";
import { expiryText } from "../../../services/payment-methods/card-expiry";
import { DateText } from "../../components/date";
import { Money } from "../../components/money";
import { StatusBadge } from "../../components/status-badge";
import { Layout } from "../../layout";
import { usePortal } from "../../portal-context";
import { InvoiceLines } from "./lines";

export type InvoiceDetailProps = {
  doc: InvoiceDocument;
  now: number;
  /**
   * Opened from a document link without signing in (require_authentication off):
   * the invoice alone, no navigation, no saved payment methods, no receipts.
   */
  documentOnly: boolean;
};

export function InvoiceDetailPage(p: InvoiceDetailProps) {
  const { tenant } = usePortal();
  const { invoice: inv, lines, applied, billTo } = p.doc;
  const open = isOpenInvoice(inv);
  const pdfHref = `/invoices/${inv.publicId}/pdf`;
  const payPath = `/pay?invoice=${encodeURIComponent(inv.publicId)}`;
  return (
    <Layout title={`Invoice ${inv.number}`} active="invoices">
      {!p.documentOnly && (
        <p class="breadcrumb">
          <a href="/invoices">All invoices</a>
        </p>
      )}
      <h1>Invoice {inv.number}</h1>
      {p.documentOnly && (
        <div class="notice" role="note">
          <p>
            You opened this invoice from a link. <a href={`/login?next=${encodeURIComponent(`/invoices/${inv.publicId}`)}`}>Sign in</a> to see your account.
          </p>
        </div>
      )}
      <dl class="facts invoice-facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={invoiceDisplayStatus(inv, p.now)} />
        </dd>
        {inv.name && (
          <>
            <dt>Title</dt>
            <dd>{inv.name}</dd>
          </>
        )}
        <dt>Invoice date</dt>
        <dd>
          <DateText ts={inv.date} />
        </dd>
        <dt>Due date</dt>
        <dd>
          <DateText ts={inv.dueDate} empty="On receipt" />
        </dd>
        {inv.paymentTerms && (
          <>
            <dt>Payment terms</dt>
            <dd>{inv.paymentTerms}</dd>
          </>
        )}
        {inv.purchaseOrder && (
          <>
            <dt>Purchase order</dt>
            <dd>{inv.purchaseOrder}</dd>
          </>
        )}
        <dt>Balance due</dt>
        <dd>
          <Money minor={inv.balance} currency={inv.currency} class="balance-due" />
        </dd>
      </dl>

      <div class="actions">
        {open &&
          (p.documentOnly ? (
            <a class="button" href={`/login?next=${encodeURIComponent(payPath)}`}>
              Sign in to pay {formatMoney(inv.balance, inv.currency)}
            </a>
          ) : (
            <a class="button" href={payPath}>
              Pay {formatMoney(inv.balance, inv.currency)}
            </a>
          ))}
        <a href={pdfHref} hx-boost="false">
          Download PDF<span class="visually-hidden"> of invoice {inv.number}</span>
        </a>
      </div>

      {open && <AutoPayNote {...p} />}

      <div class="parties">
        <section aria-labelledby="from-heading">
          <h2 id="from-heading">From</h2>
          <p>{tenant.name}</p>
        </section>
        <section aria-labelledby="bill-to-heading">
          <h2 id="bill-to-heading">Bill to</h2>
          <address class="bill-to">
            {addressLines(billTo).map((l) => (
              <span class="address-line">{l}</span>
            ))}
          </address>
        </section>
      </div>

      <InvoiceLines invoice={inv} lines={lines} />
      <Applied applied={applied} currency={inv.currency} documentOnly={p.documentOnly} />

      {inv.notes && (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes</h2>
          <p class="pre-line">{inv.notes}</p>
        </section>
      )}
      {inv.terms && (
        <section aria-labelledby="terms-heading">
          <h2 id="terms-heading">Terms</h2>
          <p class="pre-line">{inv.terms}</p>
        </section>
      )}
    </Layout>
  );
}

/** Issue 6.4: whether this invoice will be charged automatically, and with what. */
function AutoPayNote(p: InvoiceDetailProps) {
  const { tenant } = usePortal();
  const { billTo, autopaySource: source } = p.doc;
  if (!billTo.autopay) {
    return (
      <div class="notice autopay-state" role="note">
        <p>
          <strong>AutoPay is off.</strong> This invoice will not be charged automatically.
          {!p.documentOnly && tenant.allowAutopayEnrollment && (
            <>
              {" "}
              <a href="/payment-methods">Set up AutoPay</a>
            </>
          )}
        </p>
      </div>
    );
  }
  if (p.documentOnly) {
    return (
      <div class="notice autopay-state" role="note">
        <p>
          <strong>AutoPay is on.</strong> This invoice will be charged automatically to the payment method on file.
        </p>
      </div>
    );
  }
  if (!source) {
    return (
      <div class="notice notice-warn autopay-state" role="note">
        <p>
          <strong>AutoPay is on, but no payment method is saved,</strong> so this invoice cannot be charged automatically.{" "}
          <a href="/payment-methods">Add a payment method</a>
        </p>
      </div>
    );
  }
  const expires = expiryText(source);
  return (
    <div class="notice autopay-state" role="note">
      <p>
        <strong>AutoPay is on.</strong> This invoice will be charged automatically to{" "}
        <span class="autopay-method">{describeMethod({ method: source.type, methodBrand: source.brand ?? source.bankName, methodLast4: source.last4 })}</span>
        {expires && ` (expires ${expires})`}. <a href="/payment-methods">Change payment method</a>
      </p>
    </div>
  );
}

function Applied(p: { applied: AppliedPayment[]; currency: string; documentOnly: boolean }) {
  if (!p.applied.length) return null;
  return (
    <section aria-labelledby="applied-heading">
      <h2 id="applied-heading">Payments applied</h2>
      <div class="table-scroll">
        <table class="stack">
          <caption class="visually-hidden">Payments applied to this invoice</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Method</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Amount applied
              </th>
              {!p.documentOnly && <th scope="col">Receipt</th>}
            </tr>
          </thead>
          <tbody>
            {p.applied.map((a) => (
              <tr>
                <td data-label="Date">
                  <DateText ts={a.date} />
                </td>
                {/* a signed-out link holder sees the kind of method, not the card */}
                <td data-label="Method">{p.documentOnly ? methodLabel(a.method) : describeMethod(a)}</td>
                <td data-label="Status">
                  <StatusBadge status={a.status} />
                </td>
                <td class="num" data-label="Amount applied">
                  <Money minor={a.amount} currency={p.currency} />
                </td>
                {!p.documentOnly && (
                  <td data-label="Receipt">
                    {a.status === "succeeded" ? (
                      <a href={`/payments/${a.publicId}/pdf`} hx-boost="false">
                        Receipt
                        <span class="visually-hidden">
                          {" "}
                          for the payment of <DateText ts={a.date} />
                        </span>
                      </a>
                    ) : (
                      <span class="muted">Not yet</span>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
