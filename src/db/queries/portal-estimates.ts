import { and, asc, desc, eq, gt, inArray, isNull, lte, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { CustomerScope } from "../scope";
import { estimateApprovals, estimates, events, invoices, lineItems } from "../schema";

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
const visible = () => and(notInArray(estimates.status, ["draft", "voided"]), eq(estimates.draft, false));
const unexpired = (now: number) => or(isNull(estimates.expirationDate), gt(estimates.expirationDate, now));

/** The one condition under which an answer is accepted; the revision pins what was read. */
function respondable(id: number, revision: number, now: number): SQL {
  return and(
    eq(estimates.id, id),
    eq(estimates.revision, revision),
    inArray(estimates.status, [...RESPONDABLE]),
    unexpired(now),
    visible(),
  )!;
}

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
export async function listMyEstimates(
  my: CustomerScope,
  q: { filter: EstimateFilter; page: number; perPage: number; now: number },
): Promise<{ rows: Estimate[]; total: number }> {
  const where = and(visible(), filterCondition(q.filter, q.now));
  const [count, rows] = await my.batch([
    my.count(estimates, where),
    my
      .select(estimates, where)
      .orderBy(desc(estimates.date), desc(estimates.id))
      .limit(q.perPage)
      .offset((q.page - 1) * q.perPage),
  ]);
  return { rows, total: count[0]?.n ?? 0 };
}

export function findMyEstimate(my: CustomerScope, publicId: string): Promise<Estimate | undefined> {
  return my.select(estimates, and(eq(estimates.publicId, publicId), visible())).get();
}

export type EstimateExtras = {
  lines: LineItem[];
  approval: EstimateApproval | null;
  invoice: { number: string; publicId: string } | null;
};

/** The view write: sent (or not yet sent) becomes viewed, and the view is an audit event. */
export type ViewRecord = { now: number; ip: string | null; userAgent: string | null; via: "page" | "pdf" };

/**
 * Lines, approval record and resulting invoice of an estimate already found
 * through `my`; with `view`, the same round trip records the view.
 */
export async function loadEstimateExtras(my: CustomerScope, e: Estimate, view?: ViewRecord): Promise<EstimateExtras> {
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
    .where(
      my.mine(
        invoices,
        or(eq(invoices.id, e.invoiceId ?? -1), eq(invoices.estimateId, e.id)),
        notInArray(invoices.status, ["draft", "voided"]),
      ),
    )
    .limit(1);

  let res;
  if (view) {
    const markViewed = my.update(
      estimates,
      { status: "viewed" },
      and(eq(estimates.id, e.id), inArray(estimates.status, ["not_sent", "sent"])),
    );
    const event = my.insert(events, {
      type: "estimate.viewed",
      customerId: my.customerId,
      objectType: "estimate",
      objectId: e.publicId,
      actor: "customer",
      ip: view.ip,
      userAgent: view.userAgent?.slice(0, 400) ?? null,
      data: { number: e.number, via: view.via },
      createdAt: view.now,
    });
    const [l, a, i] = await my.batch([lines, approval, invoice, markViewed, event]);
    res = { l, a, i };
  } else {
    const [l, a, i] = await my.batch([lines, approval, invoice]);
    res = { l, a, i };
  }
  return { lines: res.l, approval: res.a[0] ?? null, invoice: res.i[0] ?? null };
}

/**
 * Opening an estimate (its page or its PDF) in ONE round trip, keyed by the public id
 * through `my`: the estimate as it was, its lines, approval record and resulting
 * invoice, and with `view` the view recorded (sent or not yet sent becomes viewed,
 * and an audit event). With tenant and session that keeps the page at three round
 * trips (issue 7). A foreign or invisible id reads nothing and writes nothing.
 */
export async function openMyEstimate(
  my: CustomerScope,
  publicId: string,
  view?: ViewRecord,
): Promise<{ estimate: Estimate; extras: EstimateExtras } | undefined> {
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
  let found;
  if (view) {
    const markViewed = my.update(estimates, { status: "viewed" }, and(eq(estimates.publicId, publicId), visible(), inArray(estimates.status, ["not_sent", "sent"])));
    const event = my.db.insert(events).select(
      my.db
        .select({
          id: sql<number>`null`.as("id"),
          tenantId: estimates.tenantId,
          type: sql<string>`'estimate.viewed'`.as("type"),
          customerId: estimates.customerId,
          objectType: sql<string>`'estimate'`.as("object_type"),
          objectId: estimates.publicId,
          actor: sql<string>`'customer'`.as("actor"),
          ip: sql<string | null>`${view.ip}`.as("ip"),
          userAgent: sql<string | null>`${view.userAgent?.slice(0, 400) ?? null}`.as("user_agent"),
          data: sql<string>`json_object('number', ${estimates.number}, 'via', ${view.via})`.as("data"),
          createdAt: sql<number>`${view.now}`.as("created_at"),
        })
        .from(estimates)
        .where(target),
    );
    // the reads come first: the page shows the status as it was before this view
    const [e, l, a, i] = await my.batch([...reads, markViewed, event]);
    found = { e, l, a, i };
  } else {
    const [e, l, a, i] = await my.batch(reads);
    found = { e, l, a, i };
  }
  const estimate = found.e[0];
  if (!estimate) return undefined;
  return { estimate, extras: { lines: found.l, approval: found.a[0] ?? null, invoice: found.i[0] ?? null } };
}

export type ApprovalInput = {
  initials: string;
  sessionId: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  documentHash: string;
  now: number;
};

/**
 * Approves in one atomic batch. The approval row and the event are
 * INSERT ... SELECT from the estimate under the same condition as the UPDATE
 * that follows them, so all three happen or none does; the unique index on
 * estimate_approvals.estimate_id backs this up. Returns whether it happened.
 */
export async function approveMyEstimate(my: CustomerScope, e: Estimate, a: ApprovalInput): Promise<boolean> {
  const open = my.mine(estimates, respondable(e.id, e.revision, a.now));
  const insertApproval = my.db.insert(estimateApprovals).select(
    my.db
      .select({
        id: sql<number>`null`.as("id"),
        tenantId: estimates.tenantId,
        estimateId: estimates.id,
        customerId: estimates.customerId,
        sessionId: sql<string | null>`${a.sessionId}`.as("session_id"),
        email: sql<string | null>`${a.email}`.as("email"),
        initials: sql<string>`${a.initials}`.as("initials"),
        ip: sql<string | null>`${a.ip}`.as("ip"),
        userAgent: sql<string | null>`${a.userAgent?.slice(0, 400) ?? null}`.as("user_agent"),
        documentHash: sql<string>`${a.documentHash}`.as("document_hash"),
        revision: estimates.revision,
        createdAt: sql<number>`${a.now}`.as("created_at"),
      })
      .from(estimates)
      .where(open),
  );
  const data = { number: e.number, initials: a.initials, revision: e.revision, document_hash: a.documentHash };
  const [, , updated] = await my.batch([
    insertApproval,
    conditionalEvent(my, e, "estimate.approved", a, data, open),
    my
      .update(estimates, { status: "approved", approved: a.initials, updatedAt: a.now }, respondable(e.id, e.revision, a.now))
      .returning({ id: estimates.id }),
  ]);
  return updated.length === 1;
}

/** Declines in one atomic batch, under the same condition as approving. */
export async function declineMyEstimate(
  my: CustomerScope,
  e: Estimate,
  d: { reason: string | null; now: number; ip: string | null; userAgent: string | null },
): Promise<boolean> {
  const open = my.mine(estimates, respondable(e.id, e.revision, d.now));
  const [, updated] = await my.batch([
    conditionalEvent(my, e, "estimate.declined", d, { number: e.number, reason: d.reason }, open),
    my
      .update(
        estimates,
        { status: "declined", declinedReason: d.reason, declinedAt: d.now, updatedAt: d.now },
        respondable(e.id, e.revision, d.now),
      )
      .returning({ id: estimates.id }),
  ]);
  return updated.length === 1;
}

/** An audit event (S43) inserted only if `where` still selects the estimate. */
function conditionalEvent(
  my: CustomerScope,
  e: Estimate,
  type: string,
  who: { now: number; ip: string | null; userAgent: string | null },
  data: Record<string, unknown>,
  where: SQL,
) {
  return my.db.insert(events).select(
    my.db
      .select({
        id: sql<number>`null`.as("id"),
        tenantId: estimates.tenantId,
        type: sql<string>`${type}`.as("type"),
        customerId: estimates.customerId,
        objectType: sql<string>`'estimate'`.as("object_type"),
        objectId: estimates.publicId,
        actor: sql<string>`'customer'`.as("actor"),
        ip: sql<string | null>`${who.ip}`.as("ip"),
        userAgent: sql<string | null>`${who.userAgent?.slice(0, 400) ?? null}`.as("user_agent"),
        data: sql<Record<string, unknown>>`${JSON.stringify(data)}`.as("data"),
        createdAt: sql<number>`${who.now}`.as("created_at"),
      })
      .from(estimates)
      .where(where),
  );
}
