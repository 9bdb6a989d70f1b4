import { AGING_BUCKETS, type BalanceForwardSection, BUCKET_LABELS, type Month, monthLabel, type OpenItemSection } from "../../../services/statements/statement";
import { DateText } from "../../components/date";
import { Money } from "../../components/money";

/** The two statements' tables, one section per currency. */

export function BalanceForward(p: { sections: BalanceForwardSection[]; month: Month }) {
  if (!p.sections.length) {
    return (
      <div class="empty">
        <p>No invoices or payments up to the end of {monthLabel(p.month)}. Choose a later month, or see what is open today.</p>
        <p>
          <a href="/statements?type=open_item">Open item statement</a>
        </p>
      </div>
    );
  }
  return (
    <>
      {p.sections.map((s) => {
        const cur = s.currency;
        const id = `bf-${cur}`;
        return (
          <section aria-labelledby={id} class="statement-section">
            <h2 id={id}>Amounts in {cur.toUpperCase()}</h2>
            <dl class="facts statement-summary">
              <dt>Opening balance</dt>
              <dd>
                <Money minor={s.opening} currency={cur} class="opening" />
              </dd>
              <dt>Invoiced</dt>
              <dd>
                <Money minor={s.invoiced} currency={cur} />
              </dd>
              <dt>Paid</dt>
              <dd>
                <Money minor={s.paid} currency={cur} />
              </dd>
              <dt>Closing balance</dt>
              <dd>
                <Money minor={s.closing} currency={cur} class="closing" />
              </dd>
            </dl>
            <div class="table-scroll">
              <table class="stack ledger">
                <caption>
                  {monthLabel(p.month)} in {cur.toUpperCase()}, with the balance after each line
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Description</th>
                    <th scope="col" class="num">
                      Charges
                    </th>
                    <th scope="col" class="num">
                      Payments
                    </th>
                    <th scope="col" class="num">
                      Balance
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <td data-label="Date">
                      <DateText ts={p.month.start} />
                    </td>
                    <th scope="row" data-label="Description">
                      Opening balance
                    </th>
                    <td></td>
                    <td></td>
                    <td class="num" data-label="Balance">
                      <Money minor={s.opening} currency={cur} />
                    </td>
                  </tr>
                  {s.lines.map((l) => (
                    <tr>
                      <td data-label="Date">
                        <DateText ts={l.date} />
                      </td>
                      <th scope="row" data-label="Description">
                        {l.kind === "invoice" ? <a href={`/invoices/${l.publicId}`}>Invoice {l.reference}</a> : l.reference}
                      </th>
                      <td class="num" data-label="Charges">
                        {l.charge ? <Money minor={l.charge} currency={cur} /> : ""}
                      </td>
                      <td class="num" data-label="Payments">
                        {l.credit ? <Money minor={l.credit} currency={cur} /> : ""}
                      </td>
                      <td class="num" data-label="Balance">
                        <Money minor={l.balance} currency={cur} />
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <td></td>
                    <th scope="row">Closing balance</th>
                    <td class="num" data-label="Charges">
                      <Money minor={s.invoiced} currency={cur} />
                    </td>
                    <td class="num" data-label="Payments">
                      <Money minor={s.paid} currency={cur} />
                    </td>
                    <td class="num" data-label="Balance">
                      <Money minor={s.closing} currency={cur} />
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </section>
        );
      })}
    </>
  );
}

export function OpenItem(p: { sections: OpenItemSection[] }) {
  if (!p.sections.length) {
    return (
      <div class="empty">
        <p>You have no open invoices: there is nothing to pay right now.</p>
        <p>
          <a href="/payments">See your payments</a>
        </p>
      </div>
    );
  }
  return (
    <>
      {p.sections.map((s) => {
        const cur = s.currency;
        const id = `oi-${cur}`;
        return (
          <section aria-labelledby={id} class="statement-section">
            <h2 id={id}>Amounts in {cur.toUpperCase()}</h2>
            <div class="table-scroll">
              <table class="stack">
                <caption>Open invoices in {cur.toUpperCase()}, oldest due first</caption>
                <thead>
                  <tr>
                    <th scope="col">Invoice</th>
                    <th scope="col">Date</th>
                    <th scope="col">Due date</th>
                    <th scope="col" class="num">
                      Days past due
                    </th>
                    <th scope="col" class="num">
                      Balance
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {s.lines.map((l) => (
                    <tr>
                      <th scope="row" data-label="Invoice">
                        <a href={`/invoices/${l.publicId}`}>{l.number}</a>
                      </th>
                      <td data-label="Date">
                        <DateText ts={l.date} />
                      </td>
                      <td data-label="Due date">
                        <DateText ts={l.dueDate} empty="On receipt" />
                      </td>
                      <td class="num" data-label="Days past due">
                        {l.daysPastDue}
                      </td>
                      <td class="num" data-label="Balance">
                        <Money minor={l.balance} currency={cur} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div class="table-scroll">
              <table class="stack aging">
                <caption>Aging of the {cur.toUpperCase()} balance</caption>
                <thead>
                  <tr>
                    {AGING_BUCKETS.map((b) => (
                      <th scope="col" class="num">
                        {BUCKET_LABELS[b]}
                      </th>
                    ))}
                    <th scope="col" class="num">
                      Total due
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    {AGING_BUCKETS.map((b) => (
                      <td class="num" data-label={BUCKET_LABELS[b]}>
                        <Money minor={s.buckets[b]} currency={cur} />
                      </td>
                    ))}
                    <td class="num" data-label="Total due">
                      <strong>
                        <Money minor={s.total} currency={cur} />
                      </strong>
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </>
  );
}
