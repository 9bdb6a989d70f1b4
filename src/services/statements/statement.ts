import { DAY } from "../../lib/time";
import { describeMethod } from "../../presentation/payment-methods";

/**
 * Statements as pure functions over rows, so the arithmetic is tested without a
 * database (property test: opening + invoices - payments = closing, per currency).
 * Amounts are integer minor units; each currency is its own statement section.
 */

export type StatementInvoice = { publicId: string; number: string; date: number; dueDate: number | null; currency: string; total: number; balance: number };
/** A settled payment as read: the method snapshot becomes the ledger line's label. */
export type StatementPaymentRow = {
  publicId: string;
  date: number;
  currency: string;
  amount: number;
  method: string | null;
  methodBrand: string | null;
  methodLast4: string | null;
};
export type CurrencySum = { currency: string; amount: number };

// ---------------------------------------------------------------- balance forward

type LedgerLine = {
  kind: "invoice" | "payment";
  date: number;
  reference: string;
  publicId: string;
  /** what it adds to the balance: invoice total, or minus the payment */
  charge: number;
  credit: number;
  balance: number;
};

export type BalanceForwardSection = {
  currency: string;
  opening: number;
  invoiced: number;
  paid: number;
  closing: number;
  lines: LedgerLine[];
};

/**
 * Opening balance = everything invoiced minus everything paid before the period;
 * each line moves the running balance; closing = opening + invoiced - paid.
 */
export function buildBalanceForward(input: {
  openingInvoiced: CurrencySum[];
  openingPaid: CurrencySum[];
  invoices: StatementInvoice[];
  payments: StatementPaymentRow[];
}): BalanceForwardSection[] {
  const currencies = new Set<string>();
  for (const r of [...input.openingInvoiced, ...input.openingPaid, ...input.invoices, ...input.payments]) currencies.add(r.currency);

  return [...currencies].sort().map((currency) => {
    const opening = sumOf(input.openingInvoiced, currency) - sumOf(input.openingPaid, currency);
    const entries = [
      ...input.invoices
        .filter((i) => i.currency === currency)
        .map((i) => ({ kind: "invoice" as const, date: i.date, reference: i.number, publicId: i.publicId, charge: i.total, credit: 0 })),
      ...input.payments
        .filter((p) => p.currency === currency)
        .map((p) => ({
          kind: "payment" as const,
          date: p.date,
          reference: `Payment, ${describeMethod(p)}`,
          publicId: p.publicId,
          charge: 0,
          credit: p.amount,
        })),
    ].sort((a, b) => a.date - b.date || (a.kind === b.kind ? 0 : a.kind === "invoice" ? -1 : 1) || a.reference.localeCompare(b.reference));

    let balance = opening;
    const lines = entries.map((e) => {
      balance += e.charge - e.credit;
      return { ...e, balance };
    });
    const invoiced = lines.reduce((a, l) => a + l.charge, 0);
    const paid = lines.reduce((a, l) => a + l.credit, 0);
    return { currency, opening, invoiced, paid, closing: balance, lines };
  });
}

function sumOf(rows: CurrencySum[], currency: string): number {
  return rows.filter((r) => r.currency === currency).reduce((a, r) => a + r.amount, 0);
}

// ---------------------------------------------------------------- open item

export const AGING_BUCKETS = ["current", "1-30", "31-60", "61-90", "90+"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export const BUCKET_LABELS: Record<AgingBucket, string> = {
  current: "Current",
  "1-30": "1 to 30 days",
  "31-60": "31 to 60 days",
  "61-90": "61 to 90 days",
  "90+": "Over 90 days",
};

/** Whole days past due at `now` (an invoice without a due date is due on its date). */
export function daysPastDue(inv: Pick<StatementInvoice, "date" | "dueDate">, now: number): number {
  const due = inv.dueDate ?? inv.date;
  return now <= due ? 0 : Math.floor((now - due) / DAY);
}

export function agingBucket(days: number): AgingBucket {
  if (days <= 0) return "current";
  if (days <= 30) return "1-30";
  if (days <= 60) return "31-60";
  if (days <= 90) return "61-90";
  return "90+";
}

type OpenItemLine = StatementInvoice & { daysPastDue: number; bucket: AgingBucket };
export type OpenItemSection = {
  currency: string;
  lines: OpenItemLine[];
  buckets: Record<AgingBucket, number>;
  total: number;
};

/** Open invoices per currency with their aging bucket; bucket totals add up to the total due. */
export function buildOpenItem(openInvoices: StatementInvoice[], now: number): OpenItemSection[] {
  const byCurrency = new Map<string, OpenItemLine[]>();
  for (const inv of openInvoices) {
    const days = daysPastDue(inv, now);
    const line = { ...inv, daysPastDue: days, bucket: agingBucket(days) };
    byCurrency.set(inv.currency, [...(byCurrency.get(inv.currency) ?? []), line]);
  }
  return [...byCurrency.keys()].sort().map((currency) => {
    const lines = byCurrency.get(currency)!.sort((a, b) => (a.dueDate ?? a.date) - (b.dueDate ?? b.date) || a.number.localeCompare(b.number));
    const buckets = Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number>;
    for (const l of lines) buckets[l.bucket] += l.balance;
    return { currency, lines, buckets, total: lines.reduce((a, l) => a + l.balance, 0) };
  });
}

// ---------------------------------------------------------------- periods

export type StatementType = "balance_forward" | "open_item";
export type Month = { year: number; month: number; start: number; end: number; key: string };

/** "2026-11" -> the month in UTC, or null for anything else (2026-13, 26-1, 1899-01). */
export function parseMonth(value: string): Month | null {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || year < 1970 || year > 9999) return null;
  return monthOf(year, month);
}

export function monthOf(year: number, month: number): Month {
  return {
    year,
    month,
    start: Date.UTC(year, month - 1, 1) / 1000,
    end: Date.UTC(year, month, 1) / 1000,
    key: `${year}-${String(month).padStart(2, "0")}`,
  };
}

/** The month containing `now` (UTC). */
export function currentMonth(now: number): Month {
  const d = new Date(now * 1000);
  return monthOf(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

// Kept: Date#toLocaleString with options builds a formatter on every call (about 0.3 ms each).
let monthFormat: Intl.DateTimeFormat | undefined;

export function monthLabel(m: Month): string {
  monthFormat ??= new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  return monthFormat.format(new Date(m.start * 1000));
}
