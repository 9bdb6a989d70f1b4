import type { BilledLine, StoredLine } from "./changes";

/**
 * The documents that billed a subscription's period, in the order they were
 * written, from the two places its lines live: invoices (ordered by id) and
 * groups of pending line items (a change whose net was a credit, a prorated
 * cancel). A pending group comes after `followsInvoiceId`, the newest invoice of
 * the period when it was made (0 for none), and among groups after the same
 * invoice by `version`, the subscription version its change wrote (unique per
 * subscription through the version guard). The result feeds linesInEffect: if the
 * pending groups were left out, a second change in the period would credit the
 * lines before the first change again (a double credit).
 */

type Line = Omit<BilledLine, "periodStart" | "periodEnd"> & { periodStart: number | null; periodEnd: number | null };

export type InvoicedDoc = { invoiceId: number; lines: Line[] };
export type PendingDoc = { followsInvoiceId: number; version: number; lines: Line[] };

export function periodDocuments(invoiced: InvoicedDoc[], pending: PendingDoc[]): StoredLine[] {
  const keyed = [
    ...invoiced.map((d) => ({ key: [d.invoiceId, 0] as const, lines: d.lines })),
    ...pending.map((d) => ({ key: [d.followsInvoiceId, d.version] as const, lines: d.lines })),
  ];
  const order = [...new Map(keyed.map((d) => [d.key.join(":"), d.key])).values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((k) => k.join(":"));
  return keyed.flatMap((d) => d.lines.map((l) => ({ ...l, seq: order.indexOf(d.key.join(":")) + 1 })));
}

/** The newest invoice among a period's documents (what a new pending group follows). */
export const newestInvoice = (invoiced: InvoicedDoc[]): number => Math.max(0, ...invoiced.map((d) => d.invoiceId));
