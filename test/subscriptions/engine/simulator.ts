import {
  changeLines,
  type DraftLine,
  type InvoiceDraft,
  linesInEffect,
  periodAt,
  periodStart,
  periodsBetween,
  priceSubscriptionPeriod,
  type Recurring,
  type Schedule,
  type StoredLine,
} from "../../../src/services/subscriptions/engine";

/**
 * A small, pure subscription world built only on the engine: advance billing,
 * catch-up renewals, mid-period changes, pauses and cancels. It keeps what the
 * property test checks against: every invoice, a ledger of billed period starts,
 * and the price segments (when which full-period price was in force).
 */

export type Sub = {
  id: number;
  schedule: Schedule;
  plan: Recurring;
  /** every line written for it, with its document's sequence number (what a change reads back) */
  stored: StoredLine[];
  /** index of the next period to bill */
  next: number;
  paused: boolean;
  canceled: boolean;
  /** price in force from `from`; `to` null while open */
  segments: { from: number; to: number | null; amount: number }[];
  invoices: InvoiceDraft[];
};

export class World {
  subs: Sub[] = [];
  /** (subscription, period start) of every billed period: the renewal ledger's unique key */
  ledger = new Set<string>();
  duplicates: string[] = [];

  constructor(public readonly catchUpCap = 1000) {}

  private invoice(sub: Sub, period: { start: number; end: number } | null, prorations: DraftLine[]) {
    const draft = priceSubscriptionPeriod({
      currency: "usd",
      subscriptionId: sub.id,
      plan: sub.plan,
      addons: [],
      coupons: [],
      taxRates: [],
      period,
      prorations,
      pendingItems: [],
    });
    if (draft.lines.length > 0) {
      sub.invoices.push(draft);
      sub.stored.push(...draft.lines.map((l) => ({ ...l, seq: sub.invoices.length })));
    }
    return draft;
  }

  private bill(sub: Sub, p: { index: number; start: number; end: number }) {
    const key = `${sub.id}:${p.start}`;
    if (this.ledger.has(key)) this.duplicates.push(key);
    this.ledger.add(key);
    this.invoice(sub, p, []);
    sub.next = p.index + 1;
  }

  create(schedule: Schedule, plan: Recurring): Sub {
    const sub: Sub = {
      id: this.subs.length + 1,
      schedule,
      plan,
      stored: [],
      next: 0,
      paused: false,
      canceled: false,
      segments: [{ from: schedule.anchor, to: null, amount: plan.amount * plan.quantity }],
      invoices: [],
    };
    this.subs.push(sub);
    this.renew(schedule.anchor);
    return sub;
  }

  /** The renewal run at `now`: every due period of every live subscription, in order. */
  renew(now: number) {
    for (const sub of this.subs) {
      if (sub.paused || sub.canceled) continue;
      for (const p of periodsBetween(sub.schedule, periodStart(sub.schedule, sub.next), now, this.catchUpCap)) this.bill(sub, p);
    }
  }

  private closeSegment(sub: Sub, t: number) {
    const open = sub.segments[sub.segments.length - 1];
    if (open && open.to === null) open.to = t;
  }

  /** Plan or quantity change now, prorated. */
  change(sub: Sub, plan: Recurring, now: number) {
    this.renew(now);
    if (sub.canceled || sub.paused) {
      sub.plan = plan; // applies from resume on
      return;
    }
    const period = periodAt(sub.schedule, now);
    const { lines } = changeLines({ subscriptionId: sub.id, period, t: now, inEffect: linesInEffect(sub.stored, period.end), next: [plan] });
    sub.plan = plan;
    this.invoice(sub, null, lines);
    this.closeSegment(sub, now);
    sub.segments.push({ from: now, to: null, amount: plan.amount * plan.quantity });
  }

  /** Pause or cancel now: credit of the unused time, no more billing. */
  stop(sub: Sub, now: number, how: "pause" | "cancel") {
    this.renew(now);
    if (sub.canceled || (sub.paused && how === "pause")) return;
    if (!sub.paused) {
      const period = periodAt(sub.schedule, now);
      const { lines } = changeLines({ subscriptionId: sub.id, period, t: now, inEffect: linesInEffect(sub.stored, period.end), next: [] });
      this.invoice(sub, null, lines);
      this.closeSegment(sub, now);
    }
    if (how === "pause") sub.paused = true;
    else sub.canceled = true;
  }

  /** Resume now: the rest of the current period is charged; periods wholly paused are never billed. */
  resume(sub: Sub, now: number) {
    if (!sub.paused || sub.canceled) return;
    sub.paused = false;
    const period = periodAt(sub.schedule, now);
    const { lines } = changeLines({ subscriptionId: sub.id, period, t: now, inEffect: linesInEffect(sub.stored, period.end), next: [sub.plan] });
    sub.next = period.index + 1;
    this.invoice(sub, null, lines);
    sub.segments.push({ from: now, to: null, amount: sub.plan.amount * sub.plan.quantity });
    this.renew(now);
  }

  /** Where billing has reached: the end of the last billed period (advance billing). */
  billedUntil(sub: Sub): number {
    return periodStart(sub.schedule, sub.next);
  }
}

/** ∫ price dt over [a, b): each period's full price spread evenly over its seconds (float, for comparison only). */
export function priceIntegral(s: Schedule, a: number, b: number, amount: number): number {
  let total = 0;
  let t = a;
  while (t < b) {
    const p = periodAt(s, t);
    const until = Math.min(b, p.end);
    total += (amount * (until - t)) / (p.end - p.start);
    t = until;
  }
  return total;
}
