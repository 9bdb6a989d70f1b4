import { type Interval, MONTHS_PER_INTERVAL } from "./periods";
import { type DraftLine, type Recurring, recurringAmount } from "./pricing";
import { charge, credit, type Span } from "./proration";

/**
 * Mid-period changes as proration lines. What is billed for the current period
 * is the set of lines "in effect": the renewal's plan and add-on lines, or, after
 * a change, that change's charge lines. A change at t credits the unused part of
 * each line in effect AT THE AMOUNT IT WAS BILLED (never the new price: a peer
 * bug) and charges the new items for the same remaining time. The charge lines
 * become the lines in effect, so a second change credits exactly what the first
 * one charged. Pause, cancel-now and resume are the same move with an empty
 * before or after.
 */

/** The part of a billed line a later change needs (an invoice line's own columns). */
export type BilledLine = Pick<DraftLine, "name" | "planId" | "catalogItem" | "amount" | "subscription"> & {
  periodStart: number;
  periodEnd: number;
};

/** A stored line of the subscription, with the order it was written in. */
export type StoredLine = Omit<BilledLine, "periodStart" | "periodEnd"> & {
  /** increases with each document written for the subscription (e.g. the invoice id); voided documents left out */
  seq: number;
  periodStart: number | null;
  periodEnd: number | null;
};

/**
 * From a subscription's stored lines, the ones still in effect for the period
 * ending at `periodEnd`: the positive lines of that period in the LAST document
 * that billed or credited it (the renewal's lines, or the last change's charges;
 * none after a pause or cancel, whose document only credits). Dates alone cannot
 * tell: a change at the period's very start has the renewal's start too.
 */
export function linesInEffect(lines: StoredLine[], periodEnd: number): BilledLine[] {
  const ofPeriod = lines.filter((l) => l.periodEnd === periodEnd && l.periodStart !== null);
  if (ofPeriod.length === 0) return [];
  const last = Math.max(...ofPeriod.map((l) => l.seq));
  return ofPeriod
    .filter((l) => l.seq === last && l.amount > 0)
    .map((l) => ({
      name: l.name,
      planId: l.planId,
      catalogItem: l.catalogItem,
      amount: l.amount,
      subscription: l.subscription,
      periodStart: l.periodStart!,
      periodEnd: l.periodEnd!,
    }));
}

export type ChangeInput = {
  subscriptionId: number | null;
  /** the current period, whose price `next` items are quoted for */
  period: Span;
  /** instant of the change (the API's `proration_date`, else the clock) */
  t: number;
  inEffect: BilledLine[];
  /** the plan and add-ons after the change; [] for a pause or cancel */
  next: Recurring[];
};

function prorationLine(
  base: Omit<DraftLine, "kind" | "quantityE4" | "unitCost" | "discountable" | "taxable" | "prorated" | "pendingItemId" | "type" | "description">,
  description: string,
): DraftLine {
  return {
    ...base,
    kind: "proration",
    type: null,
    description,
    quantityE4: 10_000,
    unitCost: base.amount,
    discountable: true,
    taxable: true,
    prorated: true,
    pendingItemId: null,
  };
}

/** Credit lines for the unused time of what is in effect and charge lines for `next`, from t to the period's end. */
export function changeLines(c: ChangeInput): { lines: DraftLine[]; inEffect: BilledLine[] } {
  if (c.t < c.period.start || c.t > c.period.end) throw new RangeError("a change must fall within the current period");
  const credits = c.inEffect
    .map((l) =>
      prorationLine(
        {
          planId: l.planId,
          catalogItem: l.catalogItem,
          name: l.name,
          subscription: c.subscriptionId,
          periodStart: c.t,
          periodEnd: l.periodEnd,
          amount: credit(l.amount, { start: l.periodStart, end: l.periodEnd }, c.t),
        },
        `Unused time on ${l.name}`,
      ),
    )
    .filter((l) => l.amount !== 0);
  const charges = c.next
    .map((r) =>
      prorationLine(
        {
          planId: r.planId,
          catalogItem: r.catalogItem,
          name: r.name,
          subscription: c.subscriptionId,
          periodStart: c.t,
          periodEnd: c.period.end,
          amount: charge(recurringAmount(r), c.period, c.t),
        },
        `Remaining time on ${r.name}${r.quantity !== 1 ? ` × ${r.quantity}` : ""}`,
      ),
    )
    .filter((l) => l.amount !== 0);
  const inEffect = charges.map((l) => ({
    name: l.name,
    planId: l.planId,
    catalogItem: l.catalogItem,
    amount: l.amount,
    subscription: l.subscription,
    periodStart: c.t,
    periodEnd: c.period.end,
  }));
  return { lines: [...credits, ...charges], inEffect };
}

export type PriceRate = { amount: number; interval: Interval; intervalCount: number };

/** Upgrade (more per unit of time), downgrade (less) or same, comparing prices per month exactly. */
export function classifyChange(before: PriceRate, after: PriceRate): "upgrade" | "downgrade" | "same" {
  // amount / (count x months) compared by cross-multiplying: no rounding.
  const [bn, bd] = MONTHS_PER_INTERVAL[before.interval];
  const [an, ad] = MONTHS_PER_INTERVAL[after.interval];
  const b = BigInt(before.amount) * bd * BigInt(after.intervalCount) * an;
  const a = BigInt(after.amount) * ad * BigInt(before.intervalCount) * bn;
  return a > b ? "upgrade" : a < b ? "downgrade" : "same";
}

export type DowngradeSetting = "period_end" | "immediately";

/**
 * When a change takes effect. Ours: upgrades now (invoiced now); downgrades at the
 * period end unless the tenant chose "immediately"; a merchant's explicit
 * `prorate: false` also defers to the period end (nothing to prorate).
 */
export function changeTiming(kind: "upgrade" | "downgrade" | "same", setting: DowngradeSetting, prorate = true): "now" | "period_end" {
  if (!prorate) return "period_end";
  if (kind === "downgrade" && setting === "period_end") return "period_end";
  return "now";
}

/** True when the new plan bills on another rhythm: the period must restart (see intervalChange). */
export function isIntervalChange(before: Pick<PriceRate, "interval" | "intervalCount">, after: Pick<PriceRate, "interval" | "intervalCount">): boolean {
  return before.interval !== after.interval || before.intervalCount !== after.intervalCount;
}

/**
 * Interval change (monthly -> yearly): the current period ends at t with a credit
 * for its unused part, and a new anchor at t starts the new plan's schedule. The
 * caller prices period 0 of the new schedule with these credits as prorations,
 * in one invoice issued at once.
 */
export function intervalChange(c: Omit<ChangeInput, "next">): { credits: DraftLine[]; newAnchor: number } {
  return { credits: changeLines({ ...c, next: [] }).lines, newAnchor: c.t };
}
