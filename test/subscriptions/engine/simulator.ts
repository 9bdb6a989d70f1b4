import {
  changeLines,
  type DraftLine,
  type InvoiceDraft,
  linesInEffect,
  newestInvoice,
  type PendingDoc,
  periodAt,
  periodDocuments,
  periodStart,
  periodsBetween,
  priceSubscriptionPeriod,
  type Recurring,
  type Schedule,
} from "../../../src/services/subscriptions/engine";

/**
 * A small, pure subscription world built only on the engine: advance billing,
 * catch-up renewals, mid-period changes, pauses and cancels. It keeps what the
 * property test checks against: every invoice, a ledger of billed period starts,
 * and the price segments (when which full-period price was in force).
 *
 * As the service does, a change whose net is a credit is never a negative
 * invoice: its lines wait as a pending group (after the period's newest invoice,
 * at the subscription's next version) that the next renewal sweeps, and a later
 * change reads the period's history from invoices AND pending groups.
 */

export type Sub = {
  id: number;
  schedule: Schedule;
  plan: Recurring;
  /** invoices written for it, by global invoice id (what a change reads back, with `pending`) */
  docs: { invoiceId: number; lines: DraftLine[] }[];
  /** net-credit changes and credits waiting on the customer; swept: taken by a renewal invoice */
  pending: (PendingDoc & { lines: DraftLine[]; swept: boolean })[];
  version: number;
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

  private nextInvoiceId = 1;

  /** The lines in effect for the period ending at `end` (the service's periodHistory). */
  private inEffect(sub: Sub, end: number) {
    return linesInEffect(periodDocuments(sub.docs, sub.pending), end);
  }

  /** A change's lines: an invoice when they net to a charge, else a pending group. */
  private changeDoc(sub: Sub, lines: DraftLine[], periodEnd: number) {
    const net = lines.reduce((s, l) => s + l.amount, 0);
    if (net > 0) return this.invoice(sub, null, lines);
    const ofPeriod = sub.docs.filter((d) => d.lines.some((l) => l.periodEnd === periodEnd && l.periodStart !== null));
    sub.version++;
    if (lines.length) sub.pending.push({ followsInvoiceId: newestInvoice(ofPeriod), version: sub.version, lines, swept: false });
  }

  private invoice(sub: Sub, period: { start: number; end: number } | null, prorations: DraftLine[]) {
    // a renewal takes the waiting pending lines, once
    const sweep = period ? sub.pending.filter((p) => !p.swept) : [];
    for (const p of sweep) p.swept = true;
    const draft = priceSubscriptionPeriod({
      currency: "usd",
      subscriptionId: sub.id,
      plan: sub.plan,
      addons: [],
      coupons: [],
      taxRates: [],
      period,
      prorations,
      pendingItems: sweep.flatMap((p) => p.lines).map((l, i) => ({ id: i + 1, name: l.name, quantityE4: l.quantityE4, unitCost: l.unitCost })),
    });
    sub.version++;
    if (draft.lines.length > 0) {
      sub.invoices.push(draft);
      // swept pending lines keep no subscription columns on the invoice: the pending group stays their record
      sub.docs.push({ invoiceId: this.nextInvoiceId++, lines: draft.lines.filter((l) => l.kind !== "pending") });
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
      docs: [],
      pending: [],
      version: 1,
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
    const { lines } = changeLines({ subscriptionId: sub.id, period, t: now, inEffect: this.inEffect(sub, period.end), next: [plan] });
    sub.plan = plan;
    this.changeDoc(sub, lines, period.end);
    this.closeSegment(sub, now);
    sub.segments.push({ from: now, to: null, amount: plan.amount * plan.quantity });
  }

  /** Pause or cancel now: credit of the unused time, no more billing. */
  stop(sub: Sub, now: number, how: "pause" | "cancel") {
    this.renew(now);
    if (sub.canceled || (sub.paused && how === "pause")) return;
    if (!sub.paused) {
      const period = periodAt(sub.schedule, now);
      const { lines } = changeLines({ subscriptionId: sub.id, period, t: now, inEffect: this.inEffect(sub, period.end), next: [] });
      this.changeDoc(sub, lines, period.end);
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
    const { lines } = changeLines({ subscriptionId: sub.id, period, t: now, inEffect: this.inEffect(sub, period.end), next: [sub.plan] });
    sub.next = period.index + 1;
    this.changeDoc(sub, lines, period.end);
    sub.segments.push({ from: now, to: null, amount: sub.plan.amount * sub.plan.quantity });
    this.renew(now);
  }

  /** What the subscription has billed in all: its invoices plus the credits still waiting (not yet swept). */
  billedTotal(sub: Sub): { amount: number; lines: number } {
    const waiting = sub.pending.filter((p) => !p.swept).flatMap((p) => p.lines);
    return {
      amount: sub.invoices.reduce((s, d) => s + d.total, 0) + waiting.reduce((s, l) => s + l.amount, 0),
      lines: sub.invoices.reduce((s, d) => s + d.lines.length, 0) + waiting.length,
    };
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
