import type { Actor } from "../../db/events";
import { findEstimate } from "../../db/queries/documents";
import type { Estimate } from "../../db/queries/estimates";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { convertEstimateToInvoice } from "./convert";

export type AfterApproval = { kind: "deposit" } | { kind: "invoiced"; invoiceId: number } | { kind: "approved" };

const SYSTEM: Actor = { actor: "system" };

/**
 * What follows a successful approval.
 *
 * - A deposit still to pay comes first: the customer goes to pay it. With
 *   `estimate_auto_invoice` on, the invoice is created once the deposit is paid
 *   (`afterDepositPaid`), so the deposit is credited to it; creating it now would
 *   bill the deposit twice (once on the estimate, once in the invoice's balance).
 * - Otherwise, with `estimate_auto_invoice` on, the invoice is created right away
 *   by the same conversion as `POST /estimates/{id}/invoice`.
 *
 * The approval is already stored; a conversion that loses a race (the merchant
 * converted it at the same moment) leaves it approved, never undoes it.
 */
/** `origin`: the tenant's portal origin (the links of the documents the events carry). */
export async function afterApproval(scope: TenantScope, tenant: Tenant, e: Estimate, now: number, origin: string, who: Actor = SYSTEM): Promise<AfterApproval> {
  if (e.deposit > 0 && !e.depositPaid) return { kind: "deposit" };
  if (tenant.estimateAutoInvoice) {
    try {
      const r = await convertEstimateToInvoice(scope, e.id, { now, who, origin });
      if (r.ok) return { kind: "invoiced", invoiceId: r.invoiceId };
    } catch (err) {
      // the approval is stored and stays: the merchant can still convert it through the API
      console.error(`estimate auto-invoice failed: ${err instanceof Error ? err.name : "error"}`);
    }
  }
  return { kind: "approved" };
}

/**
 * For the pay flow, after a payment applied to an estimate marked its deposit
 * paid: an auto-invoicing tenant's approved estimate now becomes its invoice,
 * with the deposit credited. Returns the invoice id when one was created.
 */
export async function afterDepositPaid(
  scope: TenantScope,
  tenant: Pick<Tenant, "estimateAutoInvoice">,
  estimateId: number,
  now: number,
  origin: string,
  who: Actor = SYSTEM,
): Promise<number | null> {
  if (!tenant.estimateAutoInvoice) return null;
  const e = await findEstimate(scope, estimateId);
  if (e?.status !== "approved" || !e.depositPaid) return null;
  const r = await convertEstimateToInvoice(scope, e.id, { now, who, origin });
  return r.ok ? r.invoiceId : null;
}
