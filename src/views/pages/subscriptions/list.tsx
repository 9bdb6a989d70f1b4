import type { Subscription } from "../../../db/queries/subscriptions";
import { formatMoney } from "../../../presentation/format";
import { Layout } from "../../layout";
import { intervalText, planText, RenewalText, SubscriptionStatus } from "./parts";

/** /subscriptions: every subscription of the customer, live ones first (issue 15). */
export function SubscriptionListPage(p: { subs: Subscription[]; now: number }) {
  return (
    <Layout title="Subscriptions" active="subscriptions">
      <h1>Subscriptions</h1>
      {p.subs.length === 0 ? (
        <div class="empty">
          <p>You have no subscriptions. When you subscribe to a plan, it shows here with its next renewal.</p>
          <p>
            <a href="/account">Back to My Account</a>
          </p>
        </div>
      ) : (
        <ul class="plain-list subscription-list">
          {p.subs.map((s) => (
            <li class="card subscription-card">
              <h2>
                <a href={`/subscriptions/${s.publicId}`}>{planText(s)}</a>
              </h2>
              <SubscriptionFacts sub={s} now={p.now} />
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function SubscriptionFacts(p: { sub: Subscription; now: number }) {
  const s = p.sub;
  return (
    <dl class="facts">
      <dt>Status</dt>
      <dd>
        <SubscriptionStatus sub={s} now={p.now} />
      </dd>
      <dt>Price</dt>
      <dd>
        {formatMoney(s.amount ?? s.planAmount, s.currency)} {intervalText(s)}
        {s.quantity > 1 ? ` each, quantity ${s.quantity}` : ""}
      </dd>
      <dt>Next renewal</dt>
      <dd>
        <RenewalText sub={s} now={p.now} />
      </dd>
    </dl>
  );
}

/** My Account's card: the live subscriptions (`subs` holds only those), each linked to its page. */
export function SubscriptionsCard(p: { subs: Subscription[]; now: number }) {
  // a customer without a live subscription sees no card (most merchants bill without them)
  const live = p.subs;
  if (live.length === 0) return null;
  return (
    <section class="card" aria-labelledby="subscriptions-heading">
      <h2 id="subscriptions-heading">Subscriptions</h2>
      {live.length === 0 ? (
        <p>No active subscriptions.</p>
      ) : (
        <ul class="plain-list">
          {live.slice(0, 3).map((s) => (
            <li>
              <a href={`/subscriptions/${s.publicId}`}>{planText(s)}</a> <SubscriptionStatus sub={s} now={p.now} />
              <br />
              <span class="muted">
                Next renewal: <RenewalText sub={s} now={p.now} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/subscriptions">{live.length > 3 ? "All subscriptions" : "Manage subscriptions"}</a>
      </p>
    </section>
  );
}
