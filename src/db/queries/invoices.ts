import { and, asc, count, desc, eq, gte, lt, or, type SQL, sql, sum } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { InvoiceFilter } from "../../services/invoices/filters";
import { PAGE_SIZE } from "../../services/invoices/filters";
import { preparedReads } from "../prepared-reads";
import { invoices } from "../schema";
import type { CustomerScope } from "../scope";
import { pageReads, runPageReads } from "./page-entry";

/**
 * The signed-in customer's invoices (S31: every statement is `tenant AND customer`
 * through `my.mine`). Drafts and voided invoices do not exist for a customer:
 * `visible()` is on every query here. Each page's data is one `batch()`, one D1 round trip.
 *
 * Trap: inside `batch()` drizzle reads D1's rows as objects keyed by column name, so a
 * statement that selects two columns with the same name (a join's two `id`s) gets its
 * fields shifted. Batched selects here never repeat a column name.
 */

type PortalInvoice = typeof invoices.$inferSelect;

/**
 * What a row of the invoice list shows, and nothing more: 11 of the table's 33 columns,
 * without its three JSON columns, which drizzle would parse on every row (issue 18: the
 * worker's CPU per page grows with rows x columns, in D1's answer and in drizzle's mapping).
 */
export const listColumns = {
  publicId: invoices.publicId,
  number: invoices.number,
  name: invoices.name,
  date: invoices.date,
  dueDate: invoices.dueDate,
  purchaseOrder: invoices.purchaseOrder,
  total: invoices.total,
  balance: invoices.balance,
  currency: invoices.currency,
  status: invoices.status,
  paid: invoices.paid,
};
export type ListedInvoice = Pick<PortalInvoice, keyof typeof listColumns>;

/**
 * What a customer may see at all. Constants are written into the SQL, not bound: SQLite
 * uses a partial index only when the query says its conditions as literals
 * (`invoices_open_tenant_customer`), and a bound constant is one more value sent per statement.
 */
export function visible(): SQL {
  return sql`(${invoices.draft} = 0 and ${invoices.voided} = 0 and ${invoices.status} not in ('draft', 'voided'))`;
}

/** Still owed: some balance left and not paid or pending (a pending payment is settling it). Literals, as visible(). */
export function openCondition(): SQL {
  return sql`(${invoices.balance} > 0 and ${invoices.paid} = 0 and ${invoices.status} not in ('paid', 'pending'))`;
}

/** Past due: open with a due date before now (whether or not a job has flipped the status yet). */
function pastDueCondition(now: number): SQL {
  return and(openCondition(), or(eq(invoices.status, "past_due"), lt(invoices.dueDate, now)))!;
}

/**
 * `column` contains `q`, ignoring ASCII case (as LIKE did). instr(), not LIKE: D1
 * refuses LIKE patterns over 50 bytes (SQLITE_LIMIT_LIKE_PATTERN_LENGTH), which
 * 13 characters of emoji already are, and instr() has no pattern to escape.
 */
export const contains = (column: AnySQLiteColumn, q: string): SQL => sql`instr(lower(${column}), lower(${q})) > 0`;

/** A filter's values, apart from the choices that shape its SQL (see invoiceListReads). */
type FilterValues = { q: string; from: number; to: number; now: number };

const filterValues = (f: InvoiceFilter, now: number): FilterValues => ({ q: f.q, from: f.from ?? 0, to: f.to ?? 0, now });

/** `f` decides which conditions there are, `v` gives their values (placeholders on a prepared page). */
function filterConditions(my: CustomerScope, f: Omit<InvoiceFilter, "page" | "sort" | "dir">, v: FilterValues): SQL {
  const conds: (SQL | undefined)[] = [visible()];
  if (f.status === "open") conds.push(openCondition());
  if (f.status === "paid") conds.push(or(eq(invoices.paid, true), eq(invoices.status, "paid")));
  if (f.status === "past_due") conds.push(pastDueCondition(v.now));
  if (f.q) {
    conds.push(or(contains(invoices.number, v.q), contains(invoices.purchaseOrder, v.q)));
  }
  if (f.from !== null) conds.push(gte(invoices.date, v.from));
  if (f.to !== null) conds.push(lt(invoices.date, v.to));
  return my.mine(invoices, ...conds);
}

const SORT_COLUMNS = {
  date: invoices.date,
  due_date: invoices.dueDate,
  number: invoices.number,
  total: invoices.total,
  balance: invoices.balance,
} as const;

function ordering(f: Pick<InvoiceFilter, "sort" | "dir">): SQL[] {
  const by = f.dir === "asc" ? asc : desc;
  // id as tie-breaker: stable pages even when many invoices share a date
  return [by(SORT_COLUMNS[f.sort]), by(invoices.id)];
}

export type CurrencyTotals = { currency: string; count: number; total: number; balance: number };

/** One page of the filtered list plus totals of the whole filtered list per currency: page reads (one batch). */
export function invoiceListReads(my: CustomerScope, f: InvoiceFilter, now: number) {
  // the SQL depends on which filters are on and the sort, kept once per isolate for each (src/db/prepared-reads.ts)
  const shape = `list:${f.status}:${f.q ? "q" : ""}:${f.from === null ? "" : "from"}:${f.to === null ? "" : "to"}:${f.sort}:${f.dir}`;
  const values = { ...filterValues(f, now), offset: (f.page - 1) * PAGE_SIZE };
  return preparedReads(my, shape, values, (v) => listStatements(my, f, v));
}

function listStatements(my: CustomerScope, f: InvoiceFilter, v: FilterValues & { offset: number }) {
  const where = filterConditions(my, f, v);
  return pageReads(
    [
      my.db
        .select(listColumns)
        .from(invoices)
        .where(where)
        .orderBy(...ordering(f))
        .limit(PAGE_SIZE)
        .offset(v.offset),
      my.db
        .select({ currency: invoices.currency, count: count(), total: sum(invoices.total), balance: sum(invoices.balance) })
        .from(invoices)
        .where(where)
        .groupBy(invoices.currency)
        .orderBy(invoices.currency),
    ],
    ([rows, totals]) => {
      const byCurrency: CurrencyTotals[] = totals.map((t) => ({
        currency: t.currency,
        count: t.count,
        total: Number(t.total ?? 0),
        balance: Number(t.balance ?? 0),
      }));
      return { rows, totals: byCurrency, count: byCurrency.reduce((a, t) => a + t.count, 0) };
    },
  );
}

/** The invoice list's reads on their own (one round trip). */
export function listInvoices(my: CustomerScope, f: InvoiceFilter, now: number) {
  return runPageReads(my, invoiceListReads(my, f, now));
}

/** Upper bound of a CSV export: a spreadsheet's worth; the page says when it was cut. */
export const CSV_LIMIT = 10_000;

/** Every invoice of the filtered list (no paging, at most CSV_LIMIT) for the CSV export. */
export async function invoicesForExport(my: CustomerScope, f: InvoiceFilter, now: number) {
  const rows = await my.db
    .select()
    .from(invoices)
    .where(filterConditions(my, f, filterValues(f, now)))
    .orderBy(...ordering(f))
    .limit(CSV_LIMIT + 1)
    .all();
  return { rows: rows.slice(0, CSV_LIMIT), truncated: rows.length > CSV_LIMIT };
}
