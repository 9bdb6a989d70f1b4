import { type SQL, sql } from "drizzle-orm";
import { estimates, invoices, lineItems } from "../schema";
import type { TenantScope } from "../scope";
import type { DocKind } from "./documents";

/**
 * The `data` of an event about an invoice or estimate: `{object, previous?}` with the
 * document as the API returns it. The writer serialises the row and lines it is about
 * to store; what only the database knows once the batch's earlier statements ran (the
 * document's id, its automatic number, the ids of freshly inserted lines) is filled in
 * by this same statement, read from the document found by its public id. One statement
 * with a fixed number of bound values, however many lines (D1 allows 100 per statement).
 */

/** A column of the document with this public id (one inserted earlier in the batch, say). */
export function docColumnByPublicId(scope: TenantScope, kind: DocKind, publicId: string, column: "id" | "number"): SQL {
  const t = kind === "invoice" ? invoices : estimates;
  return sql`(SELECT ${t[column]} FROM ${t} WHERE ${t.tenantId} = ${scope.tenantId} AND ${t.publicId} = ${publicId})`;
}

export type DocumentEventOptions = {
  /** the old wire values of the changed fields */
  previous?: Record<string, unknown>;
  /** top-level keys kept for the audit trail beside `object` */
  extra?: Record<string, unknown>;
  /** further JSON paths of `data` ("$.object.invoice") set from SQL values */
  set?: Record<string, SQL>;
};

export function documentEventData(scope: TenantScope, kind: DocKind, publicId: string, wire: Record<string, unknown>, opts: DocumentEventOptions = {}): SQL {
  const lineDoc = kind === "invoice" ? lineItems.invoiceId : lineItems.estimateId;
  const { previous, extra = {}, set = {} } = opts;
  const base = JSON.stringify(previous ? { ...extra, object: wire, previous } : { ...extra, object: wire });
  const doc = docColumnByPublicId(scope, kind, publicId, "id");
  // each serialised line gets the id of the stored line at its position, kept in order
  const items = sql`(SELECT json_group_array(json(v)) FROM (
      SELECT json_set(j.value, '$.id', ${lineItems.id}) AS v FROM json_each(${base}, '$.object.items') AS j
      JOIN ${lineItems} ON ${lineItems.tenantId} = ${scope.tenantId} AND ${lineDoc} = ${doc} AND ${lineItems.position} = j.key
      ORDER BY j.key))`;
  const more = Object.entries(set).map(([path, value]) => sql`, ${path}, ${value}`);
  return sql`json_set(${base},
    '$.object.id', ${doc},
    '$.object.number', ${docColumnByPublicId(scope, kind, publicId, "number")},
    '$.object.items', json(${items})${sql.join(more, sql``)})`;
}
