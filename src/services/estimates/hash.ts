import type { Estimate, LineItem } from "../../db/queries/estimates";
import { sha256Hex } from "../../lib/crypto";

/**
 * The fingerprint of an estimate as a customer approves it: a SHA-256 of
 * canonical JSON (object keys sorted at every depth, arrays kept in order) of
 * its lines, adjustments, totals, deposit and terms. Stored with the approval,
 * so a later change by the merchant can be detected by recomputing it.
 */
function approvedContent(e: Estimate, lines: LineItem[]) {
  return {
    number: e.number,
    currency: e.currency,
    lines: [...lines]
      .sort((a, b) => a.position - b.position || a.id - b.id)
      .map((l) => ({
        position: l.position,
        catalog_item: l.catalogItem,
        name: l.name,
        description: l.description,
        quantity_e4: l.quantityE4,
        unit_cost: l.unitCost,
        amount: l.amount,
        discountable: l.discountable,
        taxable: l.taxable,
        discounts: l.discounts,
        taxes: l.taxes,
      })),
    discounts: e.discounts,
    taxes: e.taxes,
    subtotal: e.subtotal,
    total_discounts: e.totalDiscounts,
    total_taxes: e.totalTaxes,
    total: e.total,
    deposit: e.deposit,
    terms: e.terms,
  };
}

/** JSON with sorted keys; `undefined` members are dropped as JSON.stringify does. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function estimateHash(e: Estimate, lines: LineItem[]): Promise<string> {
  return sha256Hex(canonicalJson(approvedContent(e, lines)));
}
