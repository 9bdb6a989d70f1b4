import { assertOneRowChanged, isGuardFailure } from "../../db/batch";
import { type Actor, eventStatement } from "../../db/events";
import { docColumnByPublicId } from "../../db/queries/document-events";
import {
  approvalsOf,
  depositApplicationsOf,
  docIdByPublicId,
  estimateByIdStmt,
  findInvoiceByPublicId,
  insertInvoiceStmt,
  insertLinesStmts,
  linesOf,
  moveApplicationsStmt,
  type NewInvoice,
  notYetInvoiced,
  updateEstimateStmt,
} from "../../db/queries/documents";
import { nextNumber } from "../../db/queries/numbering";
import type { TenantScope } from "../../db/scope";
import { publicId as newPublicId } from "../../lib/random";
import { DAY } from "../../lib/time";
import { copyLines } from "../api/document-content";
import { documentData, estimateObject, invoiceObject } from "../api/document-events";
import { termsDays } from "../api/document-schemas";

/**
 * Turns an estimate into an invoice: the one implementation behind
 * `POST /estimates/{id}/invoice` and the portal's automatic conversion after an
 * approval (`estimate_auto_invoice`).
 *
 * The invoice gets the estimate's lines, adjustments and totals as they are
 * (nothing is recomputed, so it bills exactly what was approved), is issued
 * (`not_sent`) and dated now, and both documents point at each other. Deposit
 * payments already applied to the estimate are moved to the invoice, so the
 * customer is not billed twice: the invoice's balance is total minus deposit paid.
 *
 * One atomic batch, guarded by the estimate's revision and status as read: two
 * conversions at once, or a conversion racing a customer's answer or a deposit
 * payment, give exactly one invoice (the loser gets `changed`).
 */

export type ConvertResult = { ok: true; invoiceId: number } | { ok: false; code: "not_found" | "state" | "changed"; message: string };

const CONVERTIBLE = ["not_sent", "sent", "viewed", "approved", "expired"];

function refusal(status: string, draft: boolean): string | null {
  if (status === "invoiced") return "This estimate was already turned into an invoice";
  if (status === "voided") return "A voided estimate cannot be turned into an invoice";
  if (status === "declined") return "The customer declined this estimate; it cannot be turned into an invoice";
  if (draft || status === "draft") return "A draft estimate cannot be turned into an invoice; issue it first";
  return CONVERTIBLE.includes(status) ? null : `An estimate in status ${status} cannot be turned into an invoice`;
}

/** `origin`: the tenant's portal origin, for the links of the documents its events carry. */
export async function convertEstimateToInvoice(
  scope: TenantScope,
  estimateId: number,
  ctx: { now: number; who: Actor; origin: string },
): Promise<ConvertResult> {
  const [rows, lines, deposits, approval] = await scope.batch([
    estimateByIdStmt(scope, estimateId),
    linesOf(scope, "estimate", [estimateId]),
    depositApplicationsOf(scope, estimateId),
    approvalsOf(scope, [estimateId]),
  ]);
  const e = rows[0];
  if (!e) return { ok: false, code: "not_found", message: "No such estimate" };
  const refused = e.invoiceId !== null ? "This estimate was already turned into an invoice" : refusal(e.status, e.draft);
  if (refused) return { ok: false, code: "state", message: refused };
  const credited = deposits.reduce((s, d) => s + d.amount, 0);
  if (credited > e.total) return { ok: false, code: "state", message: "The deposit payments of this estimate exceed its total" };

  const pid = newPublicId();
  const days = termsDays(e.paymentTerms);
  const balance = e.total - credited;
  const changed: ConvertResult = {
    ok: false,
    code: "changed",
    message: "This estimate changed meanwhile (answered by the customer, paid or converted); retrieve it and try again",
  };
  try {
    {
      // the invoice's number is computed inside its INSERT: concurrent conversions cannot collide
      const number = nextNumber(scope, "invoice") as unknown as string;
      const row: NewInvoice = {
        publicId: pid,
        customerId: e.customerId,
        name: e.name,
        number,
        currency: e.currency,
        draft: false,
        closed: false,
        date: ctx.now,
        dueDate: days === null ? null : ctx.now + days * DAY,
        paymentTerms: e.paymentTerms,
        purchaseOrder: e.purchaseOrder,
        notes: e.notes,
        terms: e.terms,
        discounts: e.discounts,
        taxes: e.taxes,
        subtotal: e.subtotal,
        totalDiscounts: e.totalDiscounts,
        totalTaxes: e.totalTaxes,
        total: e.total,
        status: balance === 0 ? "paid" : "not_sent",
        paid: balance === 0,
        balance,
        estimateId: e.id,
        metadata: {},
        createdAt: ctx.now,
        updatedAt: ctx.now,
      };
      const invoiceId = docIdByPublicId(scope, "invoice", pid);
      // both events carry their document as the API returns it (ids and the number filled in by the database)
      const objects = { origin: ctx.origin, now: ctx.now };
      const estimateSet = { status: "invoiced" as const, updatedAt: ctx.now };
      const estimateBefore = estimateObject(e, lines, approval[0] ?? null, objects);
      const estimateAfter = estimateObject({ ...e, ...estimateSet, invoiceId: 0, revision: e.revision + 1 }, lines, approval[0] ?? null, objects);
      const statements = [
        insertInvoiceStmt(scope, row),
        ...insertLinesStmts(scope, "invoice", invoiceId, copyLines(lines)),
        updateEstimateStmt(scope, e, { ...estimateSet, invoiceId: invoiceId as unknown as number }, notYetInvoiced(e.depositPaid)),
        assertOneRowChanged(scope),
        ...(deposits.length
          ? [
              moveApplicationsStmt(
                scope,
                deposits.map((d) => d.id),
                invoiceId,
              ),
            ]
          : []),
        eventStatement(
          scope,
          {
            type: "estimate.invoiced",
            customerId: e.customerId,
            objectType: "estimate",
            objectId: e.publicId,
            data: documentData(scope, "estimate", e.publicId, estimateAfter, estimateBefore, {
              set: { "$.object.invoice": docIdByPublicId(scope, "invoice", pid), "$.invoice": docColumnByPublicId(scope, "invoice", pid, "number") },
            }),
          },
          ctx.who,
          ctx.now,
        ),
        eventStatement(
          scope,
          {
            type: "invoice.created",
            customerId: e.customerId,
            objectType: "invoice",
            objectId: pid,
            data: documentData(scope, "invoice", pid, invoiceObject({ ...row, number: "" }, lines, objects), undefined, {
              extra: { deposit_credited: credited },
            }),
          },
          ctx.who,
          ctx.now,
        ),
      ];
      await scope.batch(statements);
    }
  } catch (err) {
    if (isGuardFailure(err)) return changed;
    throw err;
  }
  return { ok: true, invoiceId: (await findInvoiceByPublicId(scope, pid))!.id };
}
