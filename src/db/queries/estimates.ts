import { and, asc, desc, eq, gt, inArray, isNull, lte, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { Statement } from "../batch";
import { atLeast } from "../conditions";
import { type EventInput, eventStatement } from "../events";
import { estimateApprovals, estimates, invoices, lineItems } from "../schema";
import type { CustomerScope } from "../scope";
import { contains } from "./invoices";
import { type PageReads, pageReads } from "./page-entry";

/**
 * Estimates as the signed-in customer sees them. Every statement goes through
 * `my` (tenant AND customer, S31). Approve and decline are single conditional
 * writes batched with what they record (S34): nothing is read-then-written.
 */

export type Estimate = typeof estimates.$inferSelect;
export type LineItem = typeof lineItems.$inferSelect;
export type EstimateApproval = typeof estimateApprovals.$inferSelect;

export type EstimateFilter = "all" | "open" | "approved" | "declined" | "expired";

/** statuses in which an estimate still waits for the customer's answer */
export const AWAITING = ["not_sent", "sent", "viewed"] as const;
/** statuses from which an approval or a decline is accepted (S34) */
export const RESPONDABLE = ["sent", "viewed"] as const;

/** Drafts and voided estimates do not exist for the customer. */
export const visible = () => and(notInArray(estimates.status, ["draft", "voided"]), eq(estimates.draft, false));
export const unexpired = (now: number) => or(isNull(estimates.expirationDate), gt(estimates.expirationDate, now));

function filterCondition(filter: EstimateFilter, now: number): SQL | undefined {
  switch (filter) {
    case "open":
      return and(inArray(estimates.status, [...AWAITING]), unexpired(now));
    case "approved":
      return inArray(estimates.status, ["approved", "invoiced"]);
    case "declined":
      return eq(estimates.status, "declined");
    case "expired":
      return or(eq(estimates.status, "expired"), and(inArray(estimates.status, [...AWAITING]), lte(estimates.expirationDate, now)));
    default:
      return undefined;
  }
}

/** One page of the customer's estimates, newest first, and the total count: one round trip. */
/** The estimate list's reads: a page and the filtered count (one batch with the session, issue 18). */
export function myEstimateListReads(
  my: CustomerScope,
  q: { filter: EstimateFilter; page: number; perPage: number; now: number; q?: string; from?: number | null; to?: number | null },
) {
  // issue 17.7: search by number or title, and the estimate's date within [from, to)
  const where = and(
    visible(),
    filterCondition(q.filter, q.now),
    q.q ? or(contains(estimates.number, q.q), contains(estimates.name, q.q)) : undefined,
    q.from != null ? atLeast(estimates.date, q.from) : undefined,
    q.to != null ? sql`${estimates.date} < ${q.to}` : undefined,
  );
  return pageReads(
    [
      my.count(estimates, where),
      my
        .select(estimates, where)
        .orderBy(desc(estimates.date), desc(estimates.id))
        .limit(q.perPage)
        .offset((q.page - 1) * q.perPage),
    ],
    ([count, rows]): { rows: Estimate[]; total: number } => ({ rows, total: count[0]?.n ?? 0 }),
  );
}

export function findMyEstimate(my: CustomerScope, publicId: string): Promise<Estimate | undefined> {
  return my.select(estimates, and(eq(estimates.publicId, publicId), visible())).get();
}

/**
 * The customer's estimate with its lines in one round trip (a decline's event carries
 * the estimate as the API returns it, lines included). No estimate: no lines.
 */
export async function findMyEstimateWithLines(my: CustomerScope, publicId: string): Promise<{ e: Estimate; lines: LineItem[] } | undefined> {
  const mine = my.mine(estimates, eq(estimates.publicId, publicId), visible());
  const [rows, lines] = await my.batch([
    my.db.select().from(estimates).where(mine),
    my.db
      .select()
      .from(lineItems)
      .where(my.own(lineItems, eq(lineItems.estimateId, sql`(SELECT ${estimates.id} FROM ${estimates} WHERE ${mine})`)))
      .orderBy(asc(lineItems.position), asc(lineItems.id)),
  ]);
  const e = rows[0];
  return e ? { e, lines } : undefined;
}

export type EstimateExtras = {
  lines: LineItem[];
  approval: EstimateApproval | null;
  invoice: { number: string; publicId: string } | null;
};

/** The view write: sent (or not yet sent) becomes viewed, and the view is an audit event. */
/** `key`: the view's own id (document-views.ts): written again from a redelivered message, it records nothing. */
export type ViewRecord = { now: number; ip: string | null; userAgent: string | null; via: "page" | "pdf"; key?: string | null };

/**
 * An audit event (S43) about the estimate that `when` selects, filled from its row:
 * recorded exactly when the write it rides with (same condition, same batch) happens.
 */
export function estimateEvent(
  my: CustomerScope,
  type: string,
  who: { now: number; ip: string | null; userAgent: string | null },
  data: EventInput["data"],
  when: SQL,
  dedupeKey?: string,
) {
  const e = { type, customerId: estimates.customerId, objectType: "estimate", objectId: estimates.publicId, data };
  return eventStatement(my, e, { actor: "customer", ip: who.ip, userAgent: who.userAgent }, who.now, { from: estimates, when, dedupeKey });
}

/** Lines, approval record and resulting invoice of an estimate already found through `my`: one round trip. */
export async function loadEstimateExtras(my: CustomerScope, e: Estimate): Promise<EstimateExtras> {
  const lines = my.db
    .select()
    .from(lineItems)
    .where(my.own(lineItems, eq(lineItems.estimateId, e.id)))
    .orderBy(asc(lineItems.position), asc(lineItems.id));
  const approval = my.db
    .select()
    .from(estimateApprovals)
    .where(my.own(estimateApprovals, eq(estimateApprovals.estimateId, e.id)))
    .limit(1);
  const invoice = my.db
    .select({ number: invoices.number, publicId: invoices.publicId })
    .from(invoices)
    .where(my.mine(invoices, or(eq(invoices.id, e.invoiceId ?? -1), eq(invoices.estimateId, e.id)), notInArray(invoices.status, ["draft", "voided"])))
    .limit(1);

  const [l, a, i] = await my.batch([lines, approval, invoice]);
  return { lines: l, approval: a[0] ?? null, invoice: i[0] ?? null };
}

export type OpenedEstimate = { estimate: Estimate; extras: EstimateExtras };

/**
 * An estimate's page or PDF, keyed by the public id through `my`, as a page's reads
 * (one batch, issue 18): the estimate, its lines, approval record and resulting
 * invoice. A foreign or invisible id reads nothing.
 */
export function estimateDocumentReads(my: CustomerScope, publicId: string): PageReads<OpenedEstimate | undefined> {
  const target = my.mine(estimates, eq(estimates.publicId, publicId), visible());
  const estimateId = my.db.select({ id: estimates.id }).from(estimates).where(target);
  const invoiceOfEstimate = my.db.select({ id: estimates.invoiceId }).from(estimates).where(target);
  const reads = [
    my.db.select().from(estimates).where(target),
    my.db
      .select()
      .from(lineItems)
      .where(my.own(lineItems, inArray(lineItems.estimateId, estimateId)))
      .orderBy(asc(lineItems.position), asc(lineItems.id)),
    my.db
      .select()
      .from(estimateApprovals)
      .where(my.own(estimateApprovals, inArray(estimateApprovals.estimateId, estimateId)))
      .limit(1),
    my.db
      .select({ number: invoices.number, publicId: invoices.publicId })
      .from(invoices)
      .where(
        my.mine(
          invoices,
          or(inArray(invoices.id, invoiceOfEstimate), inArray(invoices.estimateId, estimateId)),
          notInArray(invoices.status, ["draft", "voided"]),
        ),
      )
      .limit(1),
  ] as const;
  return pageReads(reads, ([e, l, a, i]) => (e[0] ? { estimate: e[0], extras: { lines: l, approval: a[0] ?? null, invoice: i[0] ?? null } } : undefined));
}

/**
 * Recording that the customer opened an estimate: sent (or not yet sent) becomes
 * viewed, and an `estimate.viewed` event. Selected through `my`: a foreign id writes
 * nothing. A page sends them after its response (src/db/later.ts).
 */
export function estimateViewStatements(my: CustomerScope, publicId: string, view: ViewRecord): [Statement, Statement] {
  const target = my.mine(estimates, eq(estimates.publicId, publicId), visible());
  const markViewed = my.update(
    estimates,
    { status: "viewed" },
    and(eq(estimates.publicId, publicId), visible(), inArray(estimates.status, ["not_sent", "sent"])),
  );
  const event = estimateEvent(my, "estimate.viewed", view, sql`json_object('number', ${estimates.number}, 'via', ${view.via})`, target, view.key ?? undefined);
  return [markViewed, event];
}

/**
 * Opening an estimate in ONE round trip (the demo's customer): the estimate as it
 * was, with `view` the view recorded after the reads in the same batch.
 */
export async function openMyEstimate(my: CustomerScope, publicId: string, view?: ViewRecord): Promise<OpenedEstimate | undefined> {
  const reads = estimateDocumentReads(my, publicId);
  const results = await my.batch([...reads.queries, ...(view ? estimateViewStatements(my, publicId, view) : [])]);
  return reads.read(results.slice(0, reads.queries.length));
}
