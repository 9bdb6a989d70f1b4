/**
 * The subscription engine (issue 13): pure functions, no storage, no clock. Time
 * is always an argument in unix seconds; money is integer minor units of the
 * subscription's currency. The renewal run, the preview API, plan changes and the
 * sign-up page call these, and nothing else computes a subscription's price.
 *
 * periods.ts
 * - `Schedule`: anchor, interval, intervalCount, snapToNthDay, timeZone (IANA).
 *   The anchor is the first billed instant: the start date, or a trial's end.
 * - `periodStart(s, k)`: start of period k, derived from the anchor alone; month
 *   ends clamp (Jan 31 → Feb 28/29 → Mar 31; Jan 30 → Feb 28 → Mar 30); calendar
 *   arithmetic on the tenant's wall clock, DST-safe.
 * - `periodByIndex(s, k)`, `periodAt(s, t)`: the half-open period [start, end)
 *   containing t (RangeError before the anchor: not started).
 * - `periodsBetween(s, from, to, cap)`: periods starting in [from, to], in order,
 *   at most cap (renewal catch-up).
 * - `scheduleError(s)`: {message, param} for a 400, or null.
 * renewal-due.ts
 * - `dueAt(s, period, {billIn, advanceDays})`: advance → the start (minus advance
 *   days, local calendar days), arrears → the end; `renewsNext(s, nextIndex, b)`;
 *   `duePeriods(s, fromIndex, now, b, cap)`: due periods in order, capped.
 * zoned-time.ts: `toWall`, `fromWall` (Temporal's "compatible" disambiguation),
 *   `offsetAt`, `isTimeZone`, `daysInMonth`, `addWallDays` — Intl.DateTimeFormat only.
 * proration.ts
 * - `unusedFraction(span, t)`, `prorate`, `credit(billed, billedSpan, t)` (≤ 0),
 *   `charge(newAmount, period, t)` (≥ 0): amount × (end − t)/(end − start),
 *   rounded once half away from zero; credit is exactly −charge of the same
 *   arguments, so crediting a line at its start returns what was invoiced.
 * pricing.ts
 * - `priceSubscriptionPeriod(input)`: THE invoice draft (lines with subscription,
 *   periodStart, periodEnd, prorated; subtotal, discounts, taxes, total) for a
 *   period, proration lines and pending items. Preview and renewal both call it.
 *   A negative total is a net credit: the caller books a credit note or credit
 *   balance, never a negative charge.
 * - `recurringTotal(input)`, `mrr(input, interval, count)`, `recurringAmount(r)`
 *   (per_unit, volume, tiered), `activeCoupons`.
 * invoice-totals.ts: `draftTotals(lines, coupons, taxRates)`: document coupons;
 *   exclusive and inclusive taxes at full precision, rounded once per rate.
 * changes.ts
 * - `changeLines({subscriptionId, period, t, inEffect, next})`: credit of what is
 *   billed at its billed amount + charge of the new items for the same time; also
 *   pause/cancel (next = []) and resume (inEffect = []). Returns the new inEffect.
 * - `linesInEffect(storedLines, periodEnd)`: which stored lines a change credits:
 *   the positive lines of the period in the last document (by `seq`, e.g. the
 *   invoice id) that billed or credited it; none after a pause or cancel.
 * - `classifyChange`, `changeTiming` (downgrades at period end by tenant
 *   setting), `isIntervalChange`, `intervalChange` (credit now, new anchor now).
 * history.ts
 * - `periodDocuments(invoiced, pending)`: a period's invoices and pending groups
 *   (net credits, prorated cancels) as StoredLines in the order they were
 *   written, for linesInEffect; `newestInvoice`.
 * status.ts
 * - `subscriptionStatus(facts)`: canceled › pending_renewal › paused ›
 *   not_started › past_due › finished › active.
 * - `renewalDecision(contract, index)`: bill / finish / pending_renewal, with
 *   the next term for auto and renew_once.
 * - `couponUse(catalogCoupon, plan)`, `mergeCouponUses(existing, next)`,
 *   `consumesCouponCycle(draft)`, `consumeCoupons(uses, draft)`.
 */
export * from "./changes";
export * from "./history";
export * from "./invoice-totals";
export * from "./periods";
export * from "./pricing";
export * from "./proration";
export * from "./renewal-due";
export * from "./status";
export * from "./zoned-time";
