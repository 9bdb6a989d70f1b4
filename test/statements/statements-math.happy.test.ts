import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { balanceForwardRows } from "../../src/db/queries/statements";
import { customerScope } from "../../src/db/scope";
import { DAY } from "../../src/lib/time";
import {
  agingBucket,
  buildBalanceForward,
  buildOpenItem,
  currentMonth,
  daysPastDue,
  monthOf,
  parseMonth,
  type StatementInvoice,
  type StatementPaymentRow,
} from "../../src/services/statements/statement";
import { makeCustomer, makeInvoice, makePayment } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";

const currency = fc.constantFrom("usd", "eur", "jpy");
const START = Date.UTC(2026, 9, 1) / 1000; // Oct 2026
const END = Date.UTC(2026, 10, 1) / 1000;
const amount = fc.integer({ min: 0, max: 10_000_000 });
const invoice = fc.record({ currency, total: amount, date: fc.integer({ min: START, max: END - 1 }) }).map(
  (r): StatementInvoice => ({
    publicId: `i${r.date}`,
    number: `INV-${r.date}`,
    date: r.date,
    dueDate: null,
    currency: r.currency,
    total: r.total,
    balance: r.total,
  }),
);
const payment = fc.record({ currency, amount, date: fc.integer({ min: START, max: END - 1 }) }).map(
  (r): StatementPaymentRow => ({
    publicId: "p",
    date: r.date,
    currency: r.currency,
    amount: r.amount,
    method: "check",
    methodBrand: null,
    methodLast4: null,
  }),
);
const sums = fc.array(fc.record({ currency, amount }), { maxLength: 4 });

describe("statement arithmetic", () => {
  it("property: per currency, opening + invoiced - paid = closing, and the running balance ends there", () => {
    fc.assert(
      fc.property(sums, sums, fc.array(invoice, { maxLength: 30 }), fc.array(payment, { maxLength: 30 }), (oi, op, invs, pays) => {
        const sections = buildBalanceForward({ openingInvoiced: oi, openingPaid: op, invoices: invs, payments: pays });
        const seen = new Set([...oi, ...op, ...invs, ...pays].map((r) => r.currency));
        expect(sections.map((s) => s.currency)).toEqual([...seen].sort());
        for (const s of sections) {
          const mine = <T extends { currency: string }>(rows: T[]) => rows.filter((r) => r.currency === s.currency);
          const opening = mine(oi).reduce((a, r) => a + r.amount, 0) - mine(op).reduce((a, r) => a + r.amount, 0);
          expect(s.opening).toBe(opening);
          expect(s.invoiced).toBe(mine(invs).reduce((a, r) => a + r.total, 0));
          expect(s.paid).toBe(mine(pays).reduce((a, r) => a + r.amount, 0));
          expect(s.closing).toBe(s.opening + s.invoiced - s.paid);
          expect(s.lines.at(-1)?.balance ?? s.opening).toBe(s.closing);
          let running = s.opening;
          for (const l of s.lines) {
            running += l.charge - l.credit;
            expect(l.balance).toBe(running);
            expect(Number.isInteger(l.balance)).toBe(true);
          }
          // lines in date order
          for (let i = 1; i < s.lines.length; i++) expect(s.lines[i]!.date).toBeGreaterThanOrEqual(s.lines[i - 1]!.date);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("property: aging buckets add up to the total due of each currency", () => {
    const open = fc.record({ currency, balance: fc.integer({ min: 1, max: 1_000_000 }), age: fc.integer({ min: -40, max: 400 }) });
    const now = END;
    fc.assert(
      fc.property(fc.array(open, { maxLength: 40 }), (rows) => {
        const invs = rows.map(
          (r, i): StatementInvoice => ({
            publicId: `o${i}`,
            number: `N${i}`,
            date: now - 400 * DAY,
            dueDate: now - r.age * DAY,
            currency: r.currency,
            total: r.balance,
            balance: r.balance,
          }),
        );
        for (const s of buildOpenItem(invs, now)) {
          expect(Object.values(s.buckets).reduce((a, b) => a + b, 0)).toBe(s.total);
          expect(s.total).toBe(invs.filter((i) => i.currency === s.currency).reduce((a, i) => a + i.balance, 0));
        }
      }),
    );
  });

  it("aging bucket edges: due today is current; 1, 30, 31, 60, 61, 90, 91 days", () => {
    const now = END;
    const days = (d: number) => daysPastDue({ date: 0, dueDate: now - d * DAY }, now);
    expect(days(0)).toBe(0);
    expect(daysPastDue({ date: 0, dueDate: now + DAY }, now)).toBe(0);
    expect([0, 1, 30, 31, 60, 61, 90, 91, 365].map((d) => agingBucket(days(d)))).toEqual([
      "current",
      "1-30",
      "1-30",
      "31-60",
      "31-60",
      "61-90",
      "61-90",
      "90+",
      "90+",
    ]);
    // an invoice without a due date is due on its date
    expect(daysPastDue({ date: now - 10 * DAY, dueDate: null }, now)).toBe(10);
  });

  it("months: parsed strictly in UTC, December rolls into the next year", () => {
    expect(parseMonth("2026-11")).toMatchObject({ start: Date.UTC(2026, 10, 1) / 1000, end: Date.UTC(2026, 11, 1) / 1000 });
    expect(monthOf(2026, 12).end).toBe(Date.UTC(2027, 0, 1) / 1000);
    for (const bad of ["2026-13", "2026-00", "26-01", "2026-1", "1969-12", "2026-11-01", ""]) expect(parseMonth(bad), bad).toBeNull();
    expect(currentMonth(Date.UTC(2026, 11, 31, 23, 59, 59) / 1000).key).toBe("2026-12");
  });

  it("property, against D1: one month's closing balance is the next month's opening, and the last closing is all invoiced minus all paid", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ month: fc.integer({ min: 0, max: 2 }), day: fc.integer({ min: 0, max: 27 }), amount: fc.integer({ min: 1, max: 500_000 }) }), {
          maxLength: 8,
        }),
        fc.array(fc.record({ month: fc.integer({ min: 0, max: 2 }), day: fc.integer({ min: 0, max: 27 }), amount: fc.integer({ min: 1, max: 500_000 }) }), {
          maxLength: 8,
        }),
        async (invs, pays) => {
          const t = await makeTenant();
          const cust = await makeCustomer(t.scope);
          const when = (m: number, d: number) => Date.UTC(2026, 7 + m, 1 + d, 12) / 1000; // Aug, Sep, Oct 2026
          for (const i of invs) await makeInvoice(t.scope, cust.id, { date: when(i.month, i.day) }, [{ unitCost: i.amount }]);
          for (const p of pays) await makePayment(t.scope, cust.id, { date: when(p.month, p.day), amount: p.amount });
          // noise that must not count: a voided invoice, a failed payment
          await makeInvoice(t.scope, cust.id, { date: when(1, 3), status: "voided", voided: true }, [{ unitCost: 999 }]);
          await makePayment(t.scope, cust.id, { date: when(1, 3), amount: 777, status: "failed" });

          const my = customerScope(t.scope, cust.id);
          const closing: number[] = [];
          const opening: number[] = [];
          for (const m of [8, 9, 10]) {
            const [s] = buildBalanceForward(await balanceForwardRows(my, monthOf(2026, m)));
            opening.push(s?.opening ?? 0);
            closing.push(s?.closing ?? 0);
          }
          expect(opening[1]).toBe(closing[0]);
          expect(opening[2]).toBe(closing[1]);
          const all = invs.reduce((a, i) => a + i.amount, 0) - pays.reduce((a, p) => a + p.amount, 0);
          expect(closing[2]).toBe(all);
        },
      ),
      { numRuns: 8 },
    );
  });
});
