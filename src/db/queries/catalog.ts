import { and, eq, type SQL } from "drizzle-orm";
import { pageOf } from "../page";
import { catalogItems, coupons, plans, taxRates } from "../schema";
import type { TenantScope } from "../scope";

/**
 * The catalogue (items, plans, coupons, tax rates) for the merchant API. Ids are
 * merchant-chosen strings, unique within a tenant (primary key tenant + id), so a
 * lookup is always `tenant_id = ? AND id = ?` and another tenant's id finds nothing.
 */

export type CatalogTable = typeof catalogItems | typeof plans | typeof coupons | typeof taxRates;
export type CatalogItem = typeof catalogItems.$inferSelect;
export type Plan = typeof plans.$inferSelect;
export type Coupon = typeof coupons.$inferSelect;
export type TaxRate = typeof taxRates.$inferSelect;

/** The row type of a catalogue table. */
export type RowOf<T extends CatalogTable> = T["$inferSelect"];
/** What an insert gives (the scope adds the tenant). */
export type NewRowOf<T extends CatalogTable> = Omit<T["$inferInsert"], "tenantId">;

type Page = { where: SQL[]; order: SQL[]; perPage: number; offset: number };

// drizzle cannot narrow a union of tables inside a generic; the casts stay in this file.
type AnyTable = typeof catalogItems;

export function findCatalogRow<T extends CatalogTable>(scope: TenantScope, table: T, id: string): Promise<RowOf<T> | undefined> {
  const t = table as unknown as AnyTable;
  return scope.select(t, eq(t.id, id)).get() as Promise<RowOf<T> | undefined>;
}

export async function listCatalogRows<T extends CatalogTable>(scope: TenantScope, table: T, q: Page): Promise<{ rows: RowOf<T>[]; total: number }> {
  const page = await pageOf(scope, table as unknown as AnyTable, { where: and(...q.where), order: q.order, limit: q.perPage, offset: q.offset });
  return page as { rows: RowOf<T>[]; total: number };
}

export function insertCatalogStmt<T extends CatalogTable>(scope: TenantScope, table: T, row: NewRowOf<T>) {
  return scope.insert(table as unknown as AnyTable, row as NewRowOf<AnyTable>).returning();
}

export function updateCatalogStmt<T extends CatalogTable>(scope: TenantScope, table: T, id: string, set: Partial<NewRowOf<T>>) {
  const t = table as unknown as AnyTable;
  return scope.update(t, set as Partial<NewRowOf<AnyTable>>, eq(t.id, id)).returning();
}

export function deleteCatalogStmt<T extends CatalogTable>(scope: TenantScope, table: T, id: string) {
  const t = table as unknown as AnyTable;
  return scope.delete(t, eq(t.id, id));
}

/** True when the tenant has a catalogue item with this id (a plan's `catalog_item`). */
export async function catalogItemExists(scope: TenantScope, id: string): Promise<boolean> {
  return (await scope.select(catalogItems, eq(catalogItems.id, id)).get()) !== undefined;
}

export { catalogItems, coupons, plans, taxRates };
