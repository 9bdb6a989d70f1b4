import { and, asc, desc, eq, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { inIdList } from "../id-list";
import { catalogItems, coupons, documentCounts, estimateApprovals, estimates, invoices, lineItems, paymentApplications, payments, taxRates } from "../schema";
import type { TenantScope } from "../scope";
import { LOCK_STALE_SECONDS } from "./payment-attempts";

/**
 * Invoices and estimates for the merchant API (tenant-scoped through `scope`).
 * Writes are returned as unexecuted statements so that a service can put a
 * document, its lines, its audit event and a guard in ONE atomic batch.
 */

export type InvoiceRow = typeof invoices.$inferSelect;
export type EstimateRow = typeof estimates.$inferSelect;
export type LineRow = typeof lineItems.$inferSelect;
export type ApprovalRow = typeof estimateApprovals.$inferSelect;
export type NewInvoice = Omit<typeof invoices.$inferInsert, "tenantId" | "id">;
export type NewEstimate = Omit<typeof estimates.$inferInsert, "tenantId" | "id">;
export type NewLine = Omit<typeof lineItems.$inferInsert, "tenantId" | "id" | "invoiceId" | "estimateId">;
export type DocKind = "invoice" | "estimate";
export type CatalogItemRow = typeof catalogItems.$inferSelect;
export type CouponRow = typeof coupons.$inferSelect;
export type TaxRateRow = typeof taxRates.$inferSelect;

const tableOf = (kind: DocKind) => (kind === "invoice" ? invoices : estimates);

// ---------- lookups ----------

/** Catalog items, coupons and tax rates named by a document, in one round trip. */
export async function catalogLookups(scope: TenantScope, ids: { items: string[]; coupons: string[]; taxRates: string[] }) {
  if (!ids.items.length && !ids.coupons.length && !ids.taxRates.length) {
    return { items: new Map<string, CatalogItemRow>(), coupons: new Map<string, CouponRow>(), taxRates: new Map<string, TaxRateRow>() };
  }
  const none = ["\u0000"]; // IN () is not valid SQL; no id can be a NUL
  const [items, cps, rates] = (await scope.batch([
    scope.select(catalogItems, inArray(catalogItems.id, ids.items.length ? ids.items : none)),
    scope.select(coupons, inArray(coupons.id, ids.coupons.length ? ids.coupons : none)),
    scope.select(taxRates, inArray(taxRates.id, ids.taxRates.length ? ids.taxRates : none)),
  ])) as [CatalogItemRow[], CouponRow[], TaxRateRow[]];
  return {
    items: new Map(items.map((r) => [r.id, r])),
    coupons: new Map(cps.map((r) => [r.id, r])),
    taxRates: new Map(rates.map((r) => [r.id, r])),
  };
}

export function findInvoice(scope: TenantScope, id: number) {
  return scope.select(invoices, eq(invoices.id, id)).get();
}

export function findEstimate(scope: TenantScope, id: number) {
  return scope.select(estimates, eq(estimates.id, id)).get();
}

/** Statement: the estimate by id, as a one-row list (for a batch). */
export function estimateByIdStmt(scope: TenantScope, id: number) {
  return scope.select(estimates, eq(estimates.id, id)).limit(1);
}

export function findEstimateByPublicId(scope: TenantScope, publicId: string) {
  return scope.select(estimates, eq(estimates.publicId, publicId)).get();
}

/** An estimate not yet turned into an invoice, whose deposit is (or is not) paid: the condition of converting or voiding it. */
export function notYetInvoiced(depositPaid: boolean): SQL {
  return and(isNull(estimates.invoiceId), eq(estimates.depositPaid, depositPaid))!;
}

export function findInvoiceByPublicId(scope: TenantScope, publicId: string) {
  return scope.select(invoices, eq(invoices.publicId, publicId)).get();
}

/** Lines of several documents of one kind, in order. */
export function linesOf(scope: TenantScope, kind: DocKind, ids: number[]) {
  const col = kind === "invoice" ? lineItems.invoiceId : lineItems.estimateId;
  // by document first: the (document, position) index gives this order without a sort
  return scope.select(lineItems, inIdList(col, ids)).orderBy(asc(col), asc(lineItems.position), asc(lineItems.id));
}

export function approvalsOf(scope: TenantScope, estimateIds: number[]) {
  return scope.select(estimateApprovals, inIdList(estimateApprovals.estimateId, estimateIds));
}

/** An invoice with its lines: one round trip. */
export async function loadInvoice(scope: TenantScope, id: number) {
  const [rows, lines] = (await scope.batch([scope.select(invoices, eq(invoices.id, id)).limit(1), linesOf(scope, "invoice", [id])])) as [
    InvoiceRow[],
    LineRow[],
  ];
  return rows[0] ? { row: rows[0], lines } : undefined;
}

/** An estimate with its lines and approval record: one round trip. */
export async function loadEstimate(scope: TenantScope, id: number) {
  const [rows, lines, approvals] = (await scope.batch([estimateByIdStmt(scope, id), linesOf(scope, "estimate", [id]), approvalsOf(scope, [id])])) as [
    EstimateRow[],
    LineRow[],
    ApprovalRow[],
  ];
  return rows[0] ? { row: rows[0], lines, approval: approvals[0] ?? null } : undefined;
}

/** Succeeded payments applied to an estimate (its deposit), to credit them to the invoice it becomes. */
export function depositApplicationsOf(scope: TenantScope, estimateId: number) {
  return scope.db
    .select({ id: paymentApplications.id, amount: paymentApplications.amount })
    .from(paymentApplications)
    .innerJoin(payments, and(eq(payments.id, paymentApplications.paymentId), scope.own(payments, eq(payments.status, "succeeded"))))
    .where(scope.own(paymentApplications, eq(paymentApplications.type, "estimate"), eq(paymentApplications.estimateId, estimateId)));
}

// ---------- lists ----------

export async function listDocuments(scope: TenantScope, kind: DocKind, q: { where: SQL[]; order: SQL[]; limit: number; offset: number }) {
  const table = tableOf(kind);
  const where = q.where.length ? and(...q.where) : undefined;
  const [rows, total] = await scope.batch([
    scope
      .select(table, where)
      .orderBy(...q.order, desc(table.id))
      .limit(q.limit)
      .offset(q.offset),
    // unfiltered: the trigger-kept count (one row) instead of walking every index entry
    // of the tenant's documents; a filtered count is still counted.
    where ? scope.count(table, where) : documentCountOf(scope, kind),
  ]);
  return { rows: rows as (InvoiceRow | EstimateRow)[], total: total[0]?.n ?? 0 };
}

/** How many documents of a kind the tenant has, from `document_counts` (see its schema). */
export function documentCountOf(scope: TenantScope, kind: DocKind) {
  return scope.db
    .select({ n: documentCounts.n })
    .from(documentCounts)
    .where(scope.own(documentCounts, eq(documentCounts.kind, kind)));
}

/** Lines (and, for estimates, approvals) of a page of documents: one round trip. */
export async function listExtras(scope: TenantScope, kind: DocKind, ids: number[]) {
  if (kind === "invoice") return { lines: await linesOf(scope, kind, ids), approvals: [] as ApprovalRow[] };
  const [lines, approvals] = (await scope.batch([linesOf(scope, kind, ids), approvalsOf(scope, ids)])) as [LineRow[], ApprovalRow[]];
  return { lines, approvals };
}

// ---------- statements ----------

/** The id of a document inserted earlier in the same batch, found by its public id. */
export const docIdByPublicId = (scope: TenantScope, kind: DocKind, publicId: string) => {
  const t = tableOf(kind);
  return sql`(SELECT ${t.id} FROM ${t} WHERE ${t.tenantId} = ${scope.tenantId} AND ${t.publicId} = ${publicId})`;
};

export const insertInvoiceStmt = (scope: TenantScope, row: NewInvoice) => scope.insert(invoices, row);
export const insertEstimateStmt = (scope: TenantScope, row: NewEstimate) => scope.insert(estimates, row);

/** D1 allows 100 bound parameters per statement; a line takes about 21 (issue 13 added the subscription period), so lines go in fours. */
const LINES_PER_STATEMENT = 4;

/** Inserts lines for a document given by id or by a subquery (a document inserted in the same batch). */
export function insertLinesStmts(scope: TenantScope, kind: DocKind, docId: number | SQL, lines: NewLine[]) {
  const out = [];
  for (let i = 0; i < lines.length; i += LINES_PER_STATEMENT) {
    const chunk = lines.slice(i, i + LINES_PER_STATEMENT).map((l) => ({
      ...l,
      invoiceId: (kind === "invoice" ? docId : null) as number | null,
      estimateId: (kind === "estimate" ? docId : null) as number | null,
    }));
    out.push(scope.insertMany(lineItems, chunk));
  }
  return out;
}

export function deleteLinesStmt(scope: TenantScope, kind: DocKind, docId: number) {
  return scope.delete(lineItems, eq(kind === "invoice" ? lineItems.invoiceId : lineItems.estimateId, docId));
}

/** Not held by a live payment attempt (S37): a lock older than the stale limit no longer counts. */
export const unlocked = (now: number) => or(isNull(invoices.paymentLock), lt(invoices.paymentLockAt, now - LOCK_STALE_SECONDS));

/**
 * Optimistic write of an invoice: applies only if the invoice still has the
 * balance, total and status that were read (a payment or a view meanwhile makes
 * it a 409 to retry). `extra` narrows it further. Follow with assertOneRowChanged.
 */
export function updateInvoiceStmt(scope: TenantScope, read: InvoiceRow, set: Partial<NewInvoice>, extra?: SQL) {
  return scope.update(
    invoices,
    set,
    and(
      eq(invoices.id, read.id),
      eq(invoices.balance, read.balance),
      eq(invoices.total, read.total),
      eq(invoices.status, read.status),
      eq(invoices.voided, read.voided),
      extra,
    ),
  );
}

/** Optimistic write of an estimate: applies only at the revision and status read. Follow with assertOneRowChanged. */
export function updateEstimateStmt(scope: TenantScope, read: EstimateRow, set: Partial<NewEstimate>, extra?: SQL) {
  return scope.update(
    estimates,
    { ...set, revision: read.revision + 1 },
    and(eq(estimates.id, read.id), eq(estimates.revision, read.revision), eq(estimates.status, read.status), extra),
  );
}

export function deleteInvoiceStmt(scope: TenantScope, read: InvoiceRow, now: number) {
  return scope.delete(invoices, and(eq(invoices.id, read.id), sql`${invoices.balance} = ${invoices.total}`, unlocked(now)));
}

export function deleteEstimateStmt(scope: TenantScope, read: EstimateRow) {
  return scope.delete(
    estimates,
    and(eq(estimates.id, read.id), eq(estimates.revision, read.revision), isNull(estimates.invoiceId), eq(estimates.depositPaid, false)),
  );
}

/**
 * When the invoice made from an estimate is deleted, the estimate goes back to
 * what it was before the conversion: approved if the customer approved it, else sent.
 */
export function unlinkEstimateStmt(scope: TenantScope, invoiceId: number, now: number) {
  return scope.update(
    estimates,
    {
      invoiceId: null,
      status: sql`CASE WHEN ${estimates.approved} IS NOT NULL THEN 'approved' ELSE 'sent' END` as unknown as "sent",
      revision: sql`${estimates.revision} + 1` as unknown as number,
      updatedAt: now,
    },
    and(eq(estimates.invoiceId, invoiceId), eq(estimates.status, "invoiced")),
  );
}

/** Deposit payments of an estimate become payments of the invoice it turned into. */
export function moveApplicationsStmt(scope: TenantScope, applicationIds: number[], invoiceId: SQL) {
  return scope.update(
    paymentApplications,
    { type: "invoice", invoiceId: invoiceId as unknown as number },
    and(inArray(paymentApplications.id, applicationIds.length ? applicationIds : [-1]), eq(paymentApplications.type, "estimate")),
  );
}
