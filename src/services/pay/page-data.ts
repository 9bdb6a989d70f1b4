import { runPageReads } from "../../db/queries/page-entry";
import { MAX_INVOICES, type PayData, payDataReads } from "../../db/queries/payable-documents";
import type { CustomerScope } from "../../db/scope";

export type { PayData };

/**
 * Everything the pay form shows or checks (db/queries/payable-documents.ts), read on
 * its own: one round trip, the deposit's estimate included. A GET reads the same
 * statements in the session's batch instead (payPageReads).
 */
export function loadPayData(my: CustomerScope, named: string[], estimate: string | null): Promise<PayData> {
  return runPageReads(my, payPageReads(my, named, estimate));
}

/** The pay form's reads for at most MAX_INVOICES + 1 named invoices (one more shows the limit was passed). */
export function payPageReads(my: CustomerScope, named: string[], estimate: string | null) {
  return payDataReads(my, named.slice(0, MAX_INVOICES + 1), estimate);
}
