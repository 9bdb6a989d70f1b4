import { findMyEstimate, loadPayContext, MAX_INVOICES, type PayEstimate } from "../../db/queries/payable-documents";
import type { Tenant } from "../../db/queries/types";
import type { CustomerScope } from "../../db/scope";

export type PayData = Awaited<ReturnType<typeof loadPayContext>> & { estimate: PayEstimate | null };

/**
 * Everything the pay form shows or checks: the customer's open invoices, the
 * invoices the request names (to explain one that is paid meanwhile), saved methods
 * of the tenant's gateway, and the estimate of a deposit. One round trip, two with a deposit.
 */
export async function loadPayData(my: CustomerScope, tenant: Pick<Tenant, "paymentGateway">, named: string[], estimate: string | null): Promise<PayData> {
  const [ctx, est] = await Promise.all([
    loadPayContext(my, named.slice(0, MAX_INVOICES + 1), tenant.paymentGateway),
    estimate ? findMyEstimate(my, estimate) : Promise.resolve(undefined),
  ]);
  return { ...ctx, estimate: est ?? null };
}
