import type { Subscription } from "../../../db/queries/subscriptions";
import { formatMoney } from "../../../presentation/format";
import { recurringTotalOf } from "../../../services/subscriptions/engine-input";
import { DateText } from "../../components/date";
import { StatusBadge } from "../../components/status-badge";

/** Shared pieces of the subscription pages and My Account's card (issue 15). */

/** What the customer reads as the state: the engine's status, with a scheduled cancellation and a trial named. */
export function portalStatus(s: Subscription, now: number): string {
  if (s.canceledAt !== null) return "canceled";
  if (s.cancelAtPeriodEnd) return "cancel_scheduled";
  if (s.status === "not_started" && s.startDate > now) return "trial";
  return s.status;
}

const EVERY: Record<Subscription["interval"], [string, string]> = {
  day: ["day", "days"],
  week: ["week", "weeks"],
  month: ["month", "months"],
  year: ["year", "years"],
};

export function intervalText(s: Pick<Subscription, "interval" | "intervalCount">): string {
  const [one, many] = EVERY[s.interval];
  return s.intervalCount === 1 ? `per ${one}` : `every ${s.intervalCount} ${many}`;
}

/** "Pro × 3": the plan and quantity. */
export const planText = (s: Pick<Subscription, "planName" | "quantity">) => (s.quantity === 1 ? s.planName : `${s.planName} × ${s.quantity}`);

/** The next renewal's total including tax, from the engine (a scheduled change prices it). */
function nextRenewalTotal(s: Subscription): number {
  return recurringTotalOf({ ...s, ...(s.pendingChange ?? {}) } as Subscription);
}

export function SubscriptionStatus(p: { sub: Subscription; now: number }) {
  const s = p.sub;
  const status = portalStatus(s, p.now);
  return (
    <>
      <StatusBadge status={status} />
      {status === "trial" && (
        <span class="muted">
          {" "}
          until <DateText ts={s.startDate} />
        </span>
      )}
      {status === "cancel_scheduled" && (
        <span class="muted">
          {" "}
          ends <DateText ts={s.periodEnd ?? s.renewsNext} />
        </span>
      )}
      {status === "canceled" && (
        <span class="muted">
          {" "}
          on <DateText ts={s.canceledAt} />
        </span>
      )}
    </>
  );
}

/** "Next renewal: May 3, 2027 · $72.00 (including tax)", or why there is none. */
export function RenewalText(p: { sub: Subscription; now: number }) {
  const s = p.sub;
  const status = portalStatus(s, p.now);
  if (status === "canceled" || status === "finished") return <span>No further renewals</span>;
  if (status === "cancel_scheduled") return <span>No further renewals: it ends at the end of this period</span>;
  if (s.paused) return <span>Nothing is billed while paused</span>;
  if (s.renewsNext === null) return <span>No renewal scheduled</span>;
  const total = nextRenewalTotal(s);
  return (
    <span>
      <DateText ts={s.renewsNext} /> · {formatMoney(total, s.currency)}
      {s.taxes.length > 0 ? " including tax" : ""}
    </span>
  );
}
