import { type ApprovalRow, type EstimateRow, type LineRow, listDocuments, listExtras, loadEstimate } from "../../db/queries/documents";
import type { TenantScope } from "../../db/scope";
import type { ListQuery } from "../../lib/api/pagination";
import { fromMinor } from "../../lib/money";
import { portalStatus } from "../estimates/status";
import { documentJson, groupLines, type LinkCtx } from "./documents";

/**
 * An estimate on the wire, with what the customer answered (issue 5):
 * `approved` (the initials typed), `approval` (when, from which IP and browser,
 * and the fingerprint of what was agreed) and `declined_reason`. Expiry is
 * derived when read, as the portal derives it.
 */

type EstimateStatus = EstimateRow["status"];

function estimateStatus(e: Pick<EstimateRow, "status" | "draft" | "expirationDate">, now: number): EstimateStatus {
  if (e.status === "voided") return "voided";
  if (e.draft || e.status === "draft") return "draft";
  return portalStatus(e, now);
}

function approvalJson(a: ApprovalRow | null) {
  if (!a) return null;
  return {
    time: a.createdAt,
    ip: a.ip,
    user_agent: a.userAgent,
    email: a.email,
    revision: a.revision,
    document_hash: a.documentHash,
  };
}

export function estimateJson(e: EstimateRow, lines: LineRow[], approval: ApprovalRow | null, ctx: LinkCtx & { now: number }) {
  return {
    ...documentJson("estimate", e, lines, ctx),
    status: estimateStatus(e, ctx.now),
    sent: !["draft", "not_sent"].includes(e.status),
    closed: e.closed || ["invoiced", "voided", "declined"].includes(e.status),
    expiration_date: e.expirationDate,
    deposit: fromMinor(e.deposit, e.currency),
    deposit_paid: e.depositPaid,
    approved: e.approved,
    approval: approvalJson(approval),
    declined_reason: e.declinedReason,
    declined_at: e.declinedAt,
    invoice: e.invoiceId,
    revision: e.revision,
  };
}

type ReadCtx = Parameters<typeof estimateJson>[3];

/** One estimate as the API shows it, or undefined (a 404 for the route). */
export async function readEstimate(scope: TenantScope, id: number, ctx: ReadCtx) {
  const found = await loadEstimate(scope, id);
  return found && estimateJson(found.row, found.lines, found.approval, ctx);
}

/** A page of estimates with their lines and approval records: two round trips. */
export async function readEstimates(scope: TenantScope, q: ListQuery, ctx: ReadCtx) {
  const { rows, total } = await listDocuments(scope, "estimate", { where: q.where, order: q.order, limit: q.perPage, offset: q.offset });
  const { lines, approvals } = await listExtras(
    scope,
    "estimate",
    rows.map((r) => r.id),
  );
  const byDoc = groupLines(lines, "estimate");
  const approvalOf = new Map(approvals.map((a) => [a.estimateId, a]));
  return {
    total,
    data: (rows as EstimateRow[]).map((r) => estimateJson(r, byDoc.get(r.id) ?? [], approvalOf.get(r.id) ?? null, ctx)),
  };
}
