import type { AccountOverview } from "../../../db/queries/account";
import { addressLines } from "../../../presentation/document-text";
import { formatMoney } from "../../../presentation/format";
import { describeMethod } from "../../../presentation/payment-methods";
import { plural } from "../../../presentation/plural";
import { expiryState, expiryText } from "../../../services/payment-methods/card-expiry";
import { DateText } from "../../components/date";
import { Money } from "../../components/money";
import { StatusBadge } from "../../components/status-badge";
import { Layout } from "../../layout";
import { CsrfField, useCustomer, usePortal } from "../../portal-context";
import { Notice } from "../billing/fields";
import { SubscriptionsCard } from "../subscriptions/list";

export type AccountPageProps = { overview: AccountOverview; now: number; notice?: string | undefined };

type Source = AccountOverview["sources"][number];

const sourceText = (s: Source) => describeMethod({ method: s.type, methodBrand: s.brand ?? s.bankName, methodLast4: s.last4 });

/** My Account (issue 4.1): what is owed, credit, open estimates, billing details, payment method and AutoPay, recent payments. */
export function AccountPage(p: AccountPageProps) {
  const { tenant } = usePortal();
  const customer = useCustomer();
  const o = p.overview;
  return (
    <Layout title="My Account" active="account">
      <h1>My Account</h1>
      {p.notice && <Notice>{p.notice}</Notice>}
      {tenant.welcomeMessage && <p class="welcome pre-line">{tenant.welcomeMessage}</p>}
      <ExpiringCards sources={o.sources} now={p.now} />
      <div class="summary">
        <section class="card" aria-labelledby="balance-heading">
          <h2 id="balance-heading">Balance due</h2>
          {o.balances.length === 0 ? (
            <p>You owe nothing right now.</p>
          ) : (
            <ul class="plain-list balances">
              {o.balances.map((b) => (
                <li>
                  <p class="balance-amount">
                    <Money minor={b.balance} currency={b.currency} />
                  </p>
                  <p class="muted">
                    {plural(b.count, "open invoice")} in {b.currency.toUpperCase()}
                  </p>
                  <a class="button" href={`/pay?currency=${encodeURIComponent(b.currency)}`}>
                    Pay now<span class="visually-hidden"> {formatMoney(b.balance, b.currency)}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          <p>
            <a href="/invoices">View invoices</a>
          </p>
        </section>

        {o.credits.length > 0 && (
          <section class="card" aria-labelledby="credit-heading">
            <h2 id="credit-heading">Available credit</h2>
            <ul class="plain-list">
              {o.credits.map((cr) => (
                <li>
                  <Money minor={cr.amount} currency={cr.currency} /> on account
                </li>
              ))}
            </ul>
          </section>
        )}

        <section class="card" aria-labelledby="estimates-heading">
          <h2 id="estimates-heading">Estimates</h2>
          <p>
            <a href="/estimates?filter=open">{plural(o.openEstimates, "open estimate")}</a>
          </p>
        </section>

        <SubscriptionsCard subs={o.subscriptions} now={p.now} />

        <PaymentMethodCard {...p} />

        <section class="card" aria-labelledby="billing-heading">
          <h2 id="billing-heading">Billing details</h2>
          <address class="bill-to">
            {addressLines(customer).map((l) => (
              <span class="address-line">{l}</span>
            ))}
            {customer.phone && <span class="address-line">{customer.phone}</span>}
            {customer.taxId && <span class="address-line">Tax ID: {customer.taxId}</span>}
          </address>
          <p>
            <a href="/billing">Update billing details</a>
          </p>
        </section>

        <section class="card" aria-labelledby="signin-heading">
          <h2 id="signin-heading">Devices</h2>
          <p>Signed in on a device you no longer use, or one you share? End every session of this account, here too.</p>
          <form method="post" action="/logout/everywhere">
            <CsrfField />
            <button type="submit" class="button-secondary">
              Sign out everywhere
            </button>
          </form>
        </section>
      </div>
      <RecentPayments payments={o.recentPayments} />
    </Layout>
  );
}

function PaymentMethodCard(p: AccountPageProps) {
  const { tenant } = usePortal();
  const customer = useCustomer();
  const def = p.overview.sources.find((s) => s.id === customer.defaultPaymentSourceId) ?? null;
  const expires = def ? expiryText(def) : null;
  return (
    <section class="card" aria-labelledby="method-heading">
      <h2 id="method-heading">Payment method</h2>
      <p class="default-method">
        {def ? (
          <>
            Default: {sourceText(def)}
            {expires && <span class="muted"> (expires {expires})</span>}
          </>
        ) : (
          "No default payment method saved."
        )}
      </p>
      <p class="autopay-state">
        AutoPay: <strong>{customer.autopay ? "On" : "Off"}</strong>
        {customer.autopay && def && <> · open invoices are charged to {sourceText(def)}</>}
        {customer.autopay && !def && <> · no method to charge: add one</>}
      </p>
      <p>
        <a href="/payment-methods">Manage payment methods{tenant.allowAutopayEnrollment ? " and AutoPay" : ""}</a>
      </p>
    </section>
  );
}

/** Issue 6.3: a card that stops working within 60 days (or already has) is named in words, not colour. */
function ExpiringCards(p: { sources: Source[]; now: number }) {
  const flagged = p.sources.map((s) => ({ s, state: expiryState(s, p.now) })).filter((x) => x.state !== "ok");
  if (!flagged.length) return null;
  return (
    <div class="notice notice-warn expiring-cards" role="note" aria-labelledby="expiring-heading">
      <h2 id="expiring-heading">Update your card{flagged.length > 1 ? "s" : ""}</h2>
      <ul>
        {flagged.map(({ s, state }) => (
          <li>
            {sourceText(s)} {state === "expired" ? "has expired" : "expires soon"} ({expiryText(s)}).
          </li>
        ))}
      </ul>
      <p>
        <a href="/payment-methods">Update payment methods</a>
      </p>
    </div>
  );
}

function RecentPayments(p: { payments: AccountOverview["recentPayments"] }) {
  return (
    <section aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent payments</h2>
      {p.payments.length === 0 ? (
        <p>No payments yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="stack">
            <caption class="visually-hidden">Your last three payments, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" class="num">
                  Amount
                </th>
                <th scope="col">Method</th>
                <th scope="col">Status</th>
                <th scope="col">Receipt</th>
              </tr>
            </thead>
            <tbody>
              {p.payments.map((pay) => (
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
      )}
      <p>
        <a href="/payments">All payments</a>
      </p>
    </section>
  );
}
