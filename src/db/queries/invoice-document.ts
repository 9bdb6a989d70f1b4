import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { storedUserAgent } from "../../lib/request-meta";
import type { Statement } from "../batch";
import { eventStatement } from "../events";
import { builder, type Prepared } from "../prepared";
import { preparedReads } from "../prepared-reads";
import { customers, invoices, lineItems, paymentApplications, paymentSources, payments } from "../schema";
import { type CustomerScope, customerScope, tenantScope } from "../scope";
import { listColumns, visible } from "./invoices";
import { type PageReads, pageReads, runPageReads } from "./page-entry";
import { type DescribedMethod, describedMethodColumns } from "./payment-sources";

/**
 * One invoice as its page and PDF show it, read by public id through `my` (S31), and
 * the writes that record the customer opened it. The list of invoices is invoices.ts.
 */

type PortalInvoice = typeof invoices.$inferSelect;
type InvoiceLine = typeof lineItems.$inferSelect;

/**
 * What the invoice's page and PDF show of the invoice (issue 18: only the columns shown,
 * in D1's answer and in drizzle's mapping): a list row's 11 columns and 9 more, 20 of 33. `voided` is always
 * false through `visible()`, but the PDF asks for it.
 */
const detailColumns = {
  ...listColumns,
  paymentTerms: invoices.paymentTerms,
  voided: invoices.voided,
  subtotal: invoices.subtotal,
  discounts: invoices.discounts,
  totalDiscounts: invoices.totalDiscounts,
  taxes: invoices.taxes,
  totalTaxes: invoices.totalTaxes,
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
      // the AutoPay method as the page describes it
      .select(describedMethodColumns)
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
  autopaySource: DescribedMethod | null;
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

/** `key`: the view's own id (document-views.ts): written again from a redelivered message, it records nothing. */
export type ViewMeta = { now: number; ip: string | null; userAgent: string | null; via: "page" | "pdf"; key?: string | null };

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
    { from: invoices, when: target, dedupeKey: meta.key ?? sql`NULL` },
  );
  const markViewed = my.update(
    invoices,
    { status: "viewed", updatedAt: meta.now },
    and(eq(invoices.publicId, publicId), eq(invoices.status, "sent"), visible()),
  );
  return [recordView, markViewed];
}

/**
 * The view's two writes (invoiceViewStatements) built once per isolate, every value a
 * placeholder, for LaterWrites.addPrepared: the queue consumer writes views in batches
 * (document-views.ts), and building them with drizzle each time was most of what drizzle
 * cost per view (issue 18).
 */
let viewWrites: readonly Prepared[] | undefined;

function prepareViewWrites(): readonly Prepared[] {
  const ph = sql.placeholder;
  const my = customerScope(tenantScope(builder, sql`${ph("tenantId")}` as unknown as number), sql`${ph("customerId")}` as unknown as number);
  const meta = { now: ph("now"), ip: ph("ip"), userAgent: ph("userAgent"), via: ph("via"), key: ph("key") } as unknown as ViewMeta;
  return invoiceViewStatements(my, ph("publicId") as unknown as string, meta).map((q) => (q as unknown as { _prepare(): Prepared })._prepare());
}

/** Recording that the customer opened an invoice, as statements prepared once and this request's values (in order). */
export function invoiceViewWrites(my: CustomerScope, publicId: string, meta: ViewMeta): { q: Prepared; values: Record<string, unknown> }[] {
  viewWrites ??= prepareViewWrites();
  const values = {
    tenantId: my.tenantId,
    customerId: my.customerId,
    publicId,
    now: meta.now,
    ip: meta.ip,
    userAgent: storedUserAgent(meta.userAgent),
    via: meta.via,
    key: meta.key ?? null,
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
