import { and, eq, notInArray } from "drizzle-orm";
import { customers, estimates, invoices } from "../schema";
import type { TenantScope } from "../scope";

/**
 * The owner of a document reached by its public id, for a signed-out document
 * link (product.md: require_authentication off). Only this tenant's documents,
 * never drafts or voided ones, and only for an active customer.
 */
export async function findDocumentByPublicId(
  scope: TenantScope,
  kind: "invoice" | "estimate",
  publicId: string,
): Promise<{ id: number; customerId: number } | undefined> {
  if (kind === "invoice") {
    return scope.db
      .select({ id: invoices.id, customerId: invoices.customerId })
      .from(invoices)
      .innerJoin(customers, and(eq(customers.id, invoices.customerId), scope.own(customers), eq(customers.active, true)))
      .where(scope.own(invoices, eq(invoices.publicId, publicId), eq(invoices.draft, false), notInArray(invoices.status, ["draft", "voided"])))
      .get();
  }
  return scope.db
    .select({ id: estimates.id, customerId: estimates.customerId })
    .from(estimates)
    .innerJoin(customers, and(eq(customers.id, estimates.customerId), scope.own(customers), eq(customers.active, true)))
    .where(scope.own(estimates, eq(estimates.publicId, publicId), eq(estimates.draft, false), notInArray(estimates.status, ["draft", "voided"])))
    .get();
}
