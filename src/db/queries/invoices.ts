import { and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, notInArray, or, type SQL, sql, sum } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { storedUserAgent } from "../../lib/request-meta";
import type { InvoiceFilter } from "../../services/invoices/filters";
import { PAGE_SIZE } from "../../services/invoices/filters";
import type { Statement } from "../batch";
import { eventStatement, eventsBuiltOn } from "../events";
import { builder, type Prepared } from "../prepared";
import { preparedReads } from "../prepared-reads";
import { customers, invoices, lineItems, paymentApplications, paymentSources, payments } from "../schema";
import { type CustomerScope, customerScope, tenantScope } from "../scope";
import { type PageReads, pageReads, runPageReads } from "./page-entry";

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
type InvoiceLine = typeof lineItems.$inferSelect;

/**
 * What a row of the invoice list shows, and nothing more: 11 of the table's 33 columns,
 * without its three JSON columns, which drizzle would parse on every row (issue 18: the
 * worker's CPU per page grows with rows x columns, in D1's answer and in drizzle's mapping).
 */
const listColumns = {
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

/** What a customer may see at all. */
export function visible(): SQL {
  return and(eq(invoices.draft, false), eq(invoices.voided, false), notInArray(invoices.status, ["draft", "voided"]))!;
}

/** Still owed: some balance left and not paid or pending (a pending payment is settling it). */
export function openCondition(): SQL {
  return and(gt(invoices.balance, 0), eq(invoices.paid, false), notInArray(invoices.status, ["paid", "pending"]))!;
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

/**
 * What the invoice's page and PDF show of the invoice (issue 18: only the columns shown,
 * in D1's answer and in drizzle's mapping): 20 of its 33 columns. `voided` is always
 * false through `visible()`, but the PDF asks for it.
 */
const detailColumns = {
  publicId: invoices.publicId,
  number: invoices.number,
  name: invoices.name,
  date: invoices.date,
  dueDate: invoices.dueDate,
  paymentTerms: invoices.paymentTerms,
  purchaseOrder: invoices.purchaseOrder,
  currency: invoices.currency,
  status: invoices.status,
  paid: invoices.paid,
  voided: invoices.voided,
  subtotal: invoices.subtotal,
  discounts: invoices.discounts,
  totalDiscounts: invoices.totalDiscounts,
  taxes: invoices.taxes,
  totalTaxes: invoices.totalTaxes,
  total: invoices.total,
  balance: invoices.balance,
  notes: invoices.notes,
  terms: invoices.terms,
};
export type DetailInvoice = Pick<PortalInvoice, keyof typeof detailColumns>;

/** A line as the page and the PDF print it (none of the catalog or period columns). */
const lineColumns = {
  name: lineItems.name,
  description: lineItems.description,
  quantityE4: lineItems.quantityE4,
  unitCost: lineItems.unitCost,
  amount: lineItems.amount,
  discounts: lineItems.discounts,
  taxes: lineItems.taxes,
};
export type DetailLine = Pick<InvoiceLine, keyof typeof lineColumns>;

/** Bill-to (the address block) and whether AutoPay is on: all the documents show of the customer. */
const billToColumns = {
  name: customers.name,
  attentionTo: customers.attentionTo,
  address1: customers.address1,
  address2: customers.address2,
  city: customers.city,
  state: customers.state,
  postalCode: customers.postalCode,
  country: customers.country,
  email: customers.email,
  autopay: customers.autopay,
};
type BillTo = Pick<typeof customers.$inferSelect, keyof typeof billToColumns>;

/** The AutoPay method as the page describes it. */
const sourceColumns = {
  type: paymentSources.type,
  brand: paymentSources.brand,
  bankName: paymentSources.bankName,
  last4: paymentSources.last4,
  expMonth: paymentSources.expMonth,
  expYear: paymentSources.expYear,
};
type SavedMethod = Pick<typeof paymentSources.$inferSelect, keyof typeof sourceColumns>;

/**
 * Statements that read one invoice with its lines, applied payments and AutoPay method
 * (all through `mine`), and its customer's bill-to only when `withCustomer`: a signed-in
 * page has that row already, read with the session (src/db/queries/session-reads.ts).
 */
function invoiceStatements(my: CustomerScope, publicId: string, withCustomer: boolean) {
  const theInvoice = my.mine(invoices, eq(invoices.publicId, publicId), visible());
  const reads = [
    my.db.select(detailColumns).from(invoices).where(theInvoice),
    my.db
      .select(lineColumns)
      .from(lineItems)
      .innerJoin(invoices, and(eq(invoices.id, lineItems.invoiceId), theInvoice))
      .where(my.own(lineItems))
      .orderBy(asc(lineItems.position), asc(lineItems.id)),
    my.db
      .select({
        amount: paymentApplications.amount,
        publicId: payments.publicId,
        date: payments.date,
        method: payments.method,
        methodBrand: payments.methodBrand,
        methodLast4: payments.methodLast4,
        status: payments.status,
      })
      .from(paymentApplications)
      .innerJoin(invoices, and(eq(invoices.id, paymentApplications.invoiceId), theInvoice))
      .innerJoin(payments, and(eq(payments.id, paymentApplications.paymentId), my.mine(payments), inArray(payments.status, ["succeeded", "pending"])))
      .where(and(my.own(paymentApplications), eq(paymentApplications.type, "invoice")))
      .orderBy(asc(payments.date), asc(payments.id)),
    // the customer's default method, which AutoPay charges (issue 6.4)
    my.db
      .select(sourceColumns)
      .from(paymentSources)
      .where(
        my.mine(
          paymentSources,
          isNull(paymentSources.deletedAt),
          inArray(
            paymentSources.id,
            my.db
              .select({ id: customers.defaultPaymentSourceId })
              .from(customers)
              .where(my.own(customers, eq(customers.id, my.customerId))),
          ),
        ),
      ),
  ] as const;
  // bill-to apart, not joined: inside batch() drizzle maps D1's row objects by column name
  const owner = my.db
    .select(billToColumns)
    .from(customers)
    .where(my.own(customers, eq(customers.id, my.customerId)));
  return withCustomer ? ([...reads, owner] as const) : reads;
}

type Reads = ReturnType<typeof invoiceStatements>;
export type AppliedPayment = Awaited<Reads[2]>[number];

export type InvoiceDocument = {
  invoice: DetailInvoice;
  lines: DetailLine[];
  applied: AppliedPayment[];
  billTo: BillTo;
  /** the customer's default method, which AutoPay charges (null when none is saved) */
  autopaySource: SavedMethod | null;
};

/** What the reads give: the document, its bill-to null when the caller has the customer already. */
export type InvoiceReading = Omit<InvoiceDocument, "billTo"> & { billTo: BillTo | null };

/**
 * The invoice with everything its page or PDF shows, as a page's reads (one batch, issue
 * 18), their SQL built once per isolate on the page entry's scope (src/db/prepared-reads.ts);
 * the public id is the one request value. `withCustomer`: read the bill-to too (a
 * signed-out document link); a signed-in page takes it from the session's customer.
 */
export function invoiceDocumentReads(my: CustomerScope, publicId: string, withCustomer: boolean): PageReads<InvoiceReading | undefined> {
  return preparedReads(my, withCustomer ? "invoice:customer" : "invoice", { publicId }, (v) =>
    pageReads(invoiceStatements(my, v.publicId, withCustomer), ([inv, lines, applied, source, owner]) => {
      if (!inv[0]) return undefined;
      return { invoice: inv[0], lines, applied, autopaySource: source[0] ?? null, billTo: owner?.[0] ?? null };
    }),
  );
}

/** With the bill-to read too: undefined when the invoice or its customer is not there. */
function withBillTo(r: InvoiceReading | undefined): InvoiceDocument | undefined {
  return r?.billTo ? { ...r, billTo: r.billTo } : undefined;
}

export type ViewMeta = { now: number; ip: string | null; userAgent: string | null; via: "page" | "pdf" };

/**
 * Recording that the customer opened an invoice: an `invoice.viewed` event (with the
 * status it had) and `sent` moved to `viewed` (a conditional write, so only the first
 * view changes it). Both select the invoice through `mine`, so a foreign id writes
 * nothing. A page sends them after its response (src/db/later.ts), in this order.
 */
function invoiceViewStatements(my: CustomerScope, publicId: string, meta: ViewMeta): [Statement, Statement] {
  const target = my.mine(invoices, eq(invoices.publicId, publicId), visible());
  const recordView = eventStatement(
    my,
    {
      type: "invoice.viewed",
      customerId: invoices.customerId,
      objectType: "invoice",
      objectId: invoices.publicId,
      data: sql`json_object('number', ${invoices.number}, 'status', ${invoices.status}, 'via', ${meta.via})`,
    },
    { actor: "customer", ip: meta.ip, userAgent: meta.userAgent },
    meta.now,
    { from: invoices, when: target },
  );
  const markViewed = my.update(
    invoices,
    { status: "viewed", updatedAt: meta.now },
    and(eq(invoices.publicId, publicId), eq(invoices.status, "sent"), visible()),
  );
  return [recordView, markViewed];
}

/**
 * The view's two writes (invoiceViewStatements) built once per isolate, every request
 * value a placeholder, for LaterWrites.addPrepared: building them with drizzle was most of
 * what drizzle still cost the invoice page and PDF per request (issue 18).
 */
let viewWrites: readonly Prepared[] | undefined;

function prepareViewWrites(): readonly Prepared[] {
  const ph = sql.placeholder;
  const my = customerScope(tenantScope(builder, sql`${ph("tenantId")}` as unknown as number), sql`${ph("customerId")}` as unknown as number);
  const meta = { now: ph("now"), ip: ph("ip"), userAgent: ph("userAgent"), via: ph("via") } as unknown as ViewMeta;
  return invoiceViewStatements(my, ph("publicId") as unknown as string, meta).map((q) => (q as unknown as { _prepare(): Prepared })._prepare());
}

/** Recording that the customer opened an invoice, as statements prepared once and this request's values (in order). */
export function invoiceViewWrites(my: CustomerScope, publicId: string, meta: ViewMeta): { q: Prepared; values: Record<string, unknown> }[] {
  viewWrites ??= prepareViewWrites();
  // eventStatement marks the client it builds on: the webhook producer announces the event after the response
  eventsBuiltOn(my.db);
  const values = {
    tenantId: my.tenantId,
    customerId: my.customerId,
    publicId,
    now: meta.now,
    ip: meta.ip,
    userAgent: storedUserAgent(meta.userAgent),
    via: meta.via,
  };
  return viewWrites.map((q) => ({ q, values }));
}

/** Opening an invoice in one atomic round trip, view recorded first (the demo's customer). */
export async function viewInvoice(my: CustomerScope, publicId: string, meta: ViewMeta): Promise<InvoiceDocument | undefined> {
  const [recordView, markViewed] = invoiceViewStatements(my, publicId, meta);
  const reads = invoiceDocumentReads(my, publicId, true);
  const results = await my.batch([recordView, markViewed, ...reads.queries]);
  return withBillTo(reads.read(results.slice(2)));
}

/**
 * The invoice with everything its PDF shows, without recording a view: the merchant
 * emailing it (issue 17) is not the customer opening it. One round trip.
 */
export async function readInvoiceDocument(my: CustomerScope, publicId: string): Promise<InvoiceDocument | undefined> {
  return withBillTo(await runPageReads(my, invoiceDocumentReads(my, publicId, true)));
}
