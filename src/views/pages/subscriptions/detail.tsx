import type { Plan } from "../../../db/queries/catalog";
import type { SubscriptionPage } from "../../../db/queries/portal-subscriptions";
import type { Subscription } from "../../../db/queries/subscriptions";
import { formatMoney } from "../../../presentation/format";
import type { Actions } from "../../../services/subscription-portal/rules";
import { DateText } from "../../components/date";
import { Money } from "../../components/money";
import { StatusBadge } from "../../components/status-badge";
import { Layout } from "../../layout";
import { CsrfField } from "../../portal-context";
import { type ChangeChoice, ChangeForm, ChangePreview, type PreviewFigures } from "./change";
import { intervalText, planText, portalStatus, RenewalText, SubscriptionStatus } from "./parts";

export type DetailProps = {
  page: SubscriptionPage;
  now: number;
  actions: Actions;
  changePlans: Plan[];
  bounds: { min: number; max: number };
  choice?: ChangeChoice;
  preview?: PreviewFigures | null;
  problem?: string | null;
  errors?: Record<string, string>;
  alert?: { kind: "error" | "success"; text: string };
};

/** /subscriptions/{id}: what the customer pays for, when it renews, and what they may do with it. */
export function SubscriptionDetailPage(p: DetailProps) {
  const s = p.page.sub;
  return (
    <Layout title={`Subscription: ${s.planName}`} active="subscriptions">
      <p class="breadcrumb">
        <a href="/subscriptions">All subscriptions</a>
      </p>
      <h1>{planText(s)}</h1>
      {p.alert && (
        <div class={`alert alert-${p.alert.kind}`} role={p.alert.kind === "error" ? "alert" : "status"}>
          <p>{p.alert.text}</p>
        </div>
      )}
      <Facts sub={s} now={p.now} invoices={p.page.invoices} />
      <PendingChange sub={s} canWithdraw={p.actions.withdraw} />
      {p.actions.change && (
        <section aria-labelledby="change-heading">
          <h2 id="change-heading">Change plan or quantity</h2>
          <ChangeForm
            sub={s}
            plans={p.changePlans}
            bounds={p.bounds}
            choice={p.choice ?? { plan: s.plan, quantity: String(s.quantity) }}
            errors={p.errors ?? {}}
          />
          <ChangePreview sub={s} figures={p.preview ?? null} problem={p.problem} />
        </section>
      )}
      <ManageSection sub={s} actions={p.actions} />
      <InvoiceTable invoices={p.page.invoices} />
    </Layout>
  );
}

function Facts(p: { sub: Subscription; now: number; invoices: SubscriptionPage["invoices"] }) {
  const s = p.sub;
  const pastDue = portalStatus(s, p.now) === "past_due" ? p.invoices.find((i) => i.balance > 0 && !i.paid) : undefined;
  return (
    <dl class="document-meta">
      <dt>Status</dt>
      <dd>
        <SubscriptionStatus sub={s} now={p.now} />
        {pastDue && (
          <>
            {" "}
            <a class="button" href={`/pay?invoice=${encodeURIComponent(pastDue.publicId)}`}>
              Pay now<span class="visually-hidden"> invoice {pastDue.number}</span>
            </a>
          </>
        )}
      </dd>
      <dt>Plan</dt>
      <dd>
        {s.planName}: {formatMoney(s.amount ?? s.planAmount, s.currency)} {intervalText(s)}
      </dd>
      <dt>Quantity</dt>
      <dd>{s.quantity}</dd>
      {s.addons.length > 0 && (
        <>
          <dt>Add-ons</dt>
          <dd>
            <ul class="plain-list">
              {s.addons.map((a) => (
                <li>
                  {a.description ?? a.name} × {a.quantity}: {formatMoney(a.amount, s.currency)} {intervalText(s)}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {s.discounts.length > 0 && (
        <>
          <dt>Coupons</dt>
          <dd>
            <ul class="plain-list">
              {s.discounts.map((d) => (
                <li>
                  {d.name}: {d.isPercent ? `${d.value / 100}% off` : `${formatMoney(d.value, s.currency)} off`}
                  {d.remainingCycles === 0 ? " (used up)" : d.remainingCycles === null ? "" : ` (${d.remainingCycles} more invoices)`}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {s.periodStart !== null && s.periodEnd !== null && s.canceledAt === null && (
        <>
          <dt>Current period</dt>
          <dd>
            <DateText ts={s.periodStart} /> to <DateText ts={s.periodEnd} />
          </dd>
        </>
      )}
      <dt>Next renewal</dt>
      <dd>
        <RenewalText sub={s} now={p.now} />
      </dd>
      {s.canceledReason && (
        <>
          <dt>Reason given</dt>
          <dd>{s.canceledReason}</dd>
        </>
      )}
    </dl>
  );
}

function PendingChange(p: { sub: Subscription; canWithdraw: boolean }) {
  const s = p.sub;
  const c = s.pendingChange;
  if (!c) return null;
  return (
    <div class="notice" role="note" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Scheduled change</h2>
      <p>
        From <DateText ts={s.renewsNext} />: {c.planName ?? s.planName} × {c.quantity ?? s.quantity}.
      </p>
      {p.canWithdraw && (
        <form method="post" action={`/subscriptions/${s.publicId}/change/withdraw`}>
          <CsrfField />
          <input type="hidden" name="version" value={String(s.version)} />
          <button type="submit" class="button-secondary">
            Withdraw scheduled change
          </button>
        </form>
      )}
    </div>
  );
}

/** One small POST form per action (each works without JavaScript). */
function ActionForm(p: { sub: Subscription; path: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={`/subscriptions/${p.sub.publicId}/${p.path}`} class="inline-form">
      <CsrfField />
      <input type="hidden" name="version" value={String(p.sub.version)} />
      <button type="submit" class={p.secondary ? "button-secondary" : undefined}>
        {p.label}
      </button>
    </form>
  );
}

function ManageSection(p: { sub: Subscription; actions: Actions }) {
  const a = p.actions;
  if (!a.cancel && !a.cancelNow && !a.undoCancel && !a.pause && !a.resume) return null;
  return (
    <section aria-labelledby="manage-heading">
      <h2 id="manage-heading">Manage</h2>
      <div class="actions">
        {a.undoCancel && <ActionForm sub={p.sub} path="undo-cancel" label="Undo cancellation" />}
        {a.resume && <ActionForm sub={p.sub} path="resume" label="Resume subscription" />}
        {a.pause && <ActionForm sub={p.sub} path="pause" label="Pause subscription" secondary />}
        {(a.cancel || a.cancelNow) && (
          <a class="button button-secondary" href={`/subscriptions/${p.sub.publicId}/cancel`}>
            Cancel subscription
          </a>
        )}
      </div>
    </section>
  );
}

function InvoiceTable(p: { invoices: SubscriptionPage["invoices"] }) {
  return (
    <section aria-labelledby="sub-invoices-heading">
      <h2 id="sub-invoices-heading">Invoices of this subscription</h2>
      {p.invoices.length === 0 ? (
        <p>No invoices yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="stack">
            <caption class="visually-hidden">Invoices this subscription produced, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Date</th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {p.invoices.map((i) => (
                <tr>
                  <td data-label="Invoice">
                    <a href={`/invoices/${i.publicId}`}>{i.number}</a>
                  </td>
                  <td data-label="Date">
                    <DateText ts={i.date} />
                  </td>
                  <td class="num" data-label="Total">
                    <Money minor={i.total} currency={i.currency} />
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={i.paid ? "paid" : i.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
