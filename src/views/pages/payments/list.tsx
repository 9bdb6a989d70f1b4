import type { AppliedTo, PortalPayment } from "../../../db/queries/payment-history";
import { PAYMENTS_PAGE_SIZE } from "../../../db/queries/payment-history";
import { appliedLabel } from "../../../presentation/document-text";
import { formatMoney } from "../../../presentation/format";
import { describeMethod } from "../../../presentation/payment-methods";
import { plural } from "../../../presentation/plural";
import { DateText } from "../../components/date";
import { Money } from "../../components/money";
import { Pagination, pageCount } from "../../components/pagination";
import { StatusBadge } from "../../components/status-badge";
import { Layout } from "../../layout";

export type PaymentListProps = {
  page: number;
  rows: PortalPayment[];
  total: number;
  applied: AppliedTo[];
};

const href = (page: number) => (page > 1 ? `/payments?page=${page}` : "/payments");

/** Payment history (issue 4.5): date, amount, method, status, what each paid, receipt. */
export function PaymentListPage(p: PaymentListProps) {
  const pages = pageCount(p.total, PAYMENTS_PAGE_SIZE);
  return (
    <Layout title="Payments" active="payments">
      <h1>Payments</h1>
      {p.total === 0 ? (
        <p class="empty">You have made no payments yet.</p>
      ) : p.rows.length === 0 ? (
        <div class="notice" role="note">
          <p>
            There is no page {p.page}: your payments fill {plural(pages, "page")}. <a href={href(pages)}>Go to page {pages}</a>
          </p>
        </div>
      ) : (
        <>
          <div class="table-scroll">
            <table class="stack payment-table">
              <caption class="visually-hidden">Your payments, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col" class="num">
                    Amount
                  </th>
                  <th scope="col">Method</th>
                  <th scope="col">Status</th>
                  <th scope="col">Paid</th>
                  <th scope="col">Receipt</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((pay) => (
                  <tr>
                    <td data-label="Date">
                      <DateText ts={pay.date} />
                    </td>
                    <td class="num" data-label="Amount">
                      <Money minor={pay.amount} currency={pay.currency} />
                    </td>
                    <td data-label="Method">{describeMethod(pay)}</td>
                    <td data-label="Status">
                      <StatusBadge status={pay.status} />
                      {pay.status === "failed" && pay.failureMessage && <span class="line-description">{pay.failureMessage}</span>}
                    </td>
                    <td data-label="Paid">
                      <PaidList applied={p.applied.filter((a) => a.paymentId === pay.id)} currency={pay.currency} />
                    </td>
                    <td data-label="Receipt">
                      {pay.status === "succeeded" ? (
                        <a href={`/payments/${pay.publicId}/pdf`} hx-boost="false">
                          Receipt<span class="visually-hidden"> for {formatMoney(pay.amount, pay.currency)}</span>
                        </a>
                      ) : (
                        <span class="muted">None</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={p.page} pageCount={pages} total={p.total} href={href} label="Payment pages" />
        </>
      )}
    </Layout>
  );
}

function PaidList(p: { applied: AppliedTo[]; currency: string }) {
  if (!p.applied.length) return <span class="muted">Not applied yet</span>;
  return (
    <ul class="plain-list">
      {p.applied.map((a) => (
        <li>
          {a.type === "invoice" && a.invoicePublicId ? (
            <a href={`/invoices/${a.invoicePublicId}`}>{appliedLabel(a)}</a>
          ) : a.type === "estimate" && a.estimatePublicId ? (
            <a href={`/estimates/${a.estimatePublicId}`}>{appliedLabel(a)}</a>
          ) : (
            appliedLabel(a)
          )}
          : <Money minor={a.amount} currency={p.currency} />
        </li>
      ))}
    </ul>
  );
}
