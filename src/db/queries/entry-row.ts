import { and, eq, getTableColumns, is, isNull, SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { type Builder, once, type Prepared } from "../prepared";
import { customers, sessions, tenants } from "../schema";
import type { Customer, Session, SessionCustomer, SessionRows, Tenant, TenantKey } from "./types";

/**
 * A request's entry as ONE statement (issue 18): the tenant the host names, the session
 * the cookie names and its customer, as one row of a left join, where they were three
 * statements. Each statement costs D1 its own work and the worker its own result to
 * read, on every signed-in request. The conditions are the three statements' own: the
 * session is this tenant's (S19) and not revoked (S22), the customer is the session's
 * and this tenant's; expiry and idleness are judged in JavaScript (acceptSession).
 *
 * D1 answers a batch's rows as objects keyed by column name, so the three tables'
 * columns, which share names (id, tenant_id, email...), are aliased apart and
 * the row split back into three objects here, each value decoded as its own column's
 * (the columns' places and decoders worked out once per statement).
 * With a tenant already known (a custom domain), the row starts at the session.
 */

const ph = sql.placeholder;

/** Which row a column belongs to: the first letter of its alias. */
type Prefix = "t" | "s" | "c";

// Aliases are short (`t0`, `s3`, `c12`): the statement's text and its answer's keys are
// sent on every request, and long ones made this statement twice the three it replaced.
// Each alias's field name, as drizzle names the table's column:
const fieldOf = new Map<string, string>();

/** The fields as `<prefix><n>` aliases, each decoded as the column (or expression) itself. */
function aliased(prefix: Prefix, fields: Record<string, SQLiteColumn | SQL>): Record<string, SQL.Aliased> {
  const out: Record<string, SQL.Aliased> = {};
  Object.entries(fields).forEach(([key, field], i) => {
    const alias = `${prefix}${i}`;
    fieldOf.set(alias, key);
    out[alias] = (is(field, SQL) ? field : sql`${field}`.mapWith(field)).as(alias);
  });
  return out;
}

/**
 * Issue 17.6: whether the customer has an active sub-customer it may switch to, read
 * with the customer so that "Switch account" shows only when there is somewhere to go.
 */
// Written out in full: drizzle leaves the outer columns unqualified in a one-table
// select, and an unqualified "id" here would be the inner row's own.
const hasSubCustomers =
  sql<number>`exists (select 1 from customers as sub where sub.tenant_id = customers.tenant_id and sub.parent_customer = customers.id and sub.active = 1)`.mapWith(
    (v) => Boolean(v),
  );

/**
 * ...and whether the address the session signed in with reaches another active
 * customer (its own email or a contact's), the other way to switch. Index lookups on
 * lower(email), as the picker's own query (signin-tokens.ts customersByEmailQuery).
 */
const sessionEmail = sql`lower((select s.email from sessions as s where s.tenant_id = customers.tenant_id and s.id = ${sql.placeholder("id")}))`;
const sharesAddress =
  sql<number>`(exists (select 1 from customers as o where o.tenant_id = customers.tenant_id and lower(o.email) = ${sessionEmail} and o.id <> customers.id and o.active = 1) or exists (select 1 from contacts as k cross join customers as o where k.tenant_id = customers.tenant_id and lower(k.email) = ${sessionEmail} and o.id = k.customer_id and o.tenant_id = customers.tenant_id and o.id <> customers.id and o.active = 1))`.mapWith(
    (v) => Boolean(v),
  );

const customerFields = () => aliased("c", { ...getTableColumns(customers), hasSubCustomers, sharesAddress });

const sessionOn = (tenantId: SQL | SQLiteColumn) => and(eq(sessions.tenantId, tenantId), eq(sessions.id, ph("id")), isNull(sessions.revokedAt));
const customerOn = (tenantId: SQL | SQLiteColumn) => and(eq(customers.tenantId, tenantId), eq(customers.id, sessions.customerId));

const byUsername = once((db: Builder) =>
  db
    .select({ ...aliased("t", getTableColumns(tenants)), ...aliased("s", getTableColumns(sessions)), ...customerFields() })
    .from(tenants)
    .leftJoin(sessions, sessionOn(tenants.id))
    .leftJoin(customers, customerOn(tenants.id))
    .where(eq(tenants.username, ph("username")))
    .prepare(),
);

const byTenantId = once((db: Builder) =>
  db
    .select({ ...aliased("s", getTableColumns(sessions)), ...customerFields() })
    .from(sessions)
    .leftJoin(customers, customerOn(sql`${ph("tenantId")}`))
    .where(sessionOn(sql`${ph("tenantId")}`))
    .prepare(),
);

/** The entry statement of a tenant key; its values: `username` or `tenantId`, and `id` (the session id). */
export const entryStatement = (key: TenantKey): Prepared => (key === "username" ? byUsername() : byTenantId());

type Part = { prefix: Prefix; id: string; cells: { from: string; to: string; decoder: Decoder }[] };
type Decoder = { mapFromDriverValue(v: unknown): unknown };

// Where each column of the row goes (part, field name, decoder), worked out once per statement.
const partsOf = new WeakMap<Prepared, Part[]>();

function partsFor(q: Prepared): Part[] {
  let parts = partsOf.get(q);
  if (parts) return parts;
  const { fields } = q as unknown as { fields: { path: string[]; field: { sql: { decoder: Decoder } } }[] };
  const byPrefix = new Map<Prefix, Part>();
  for (const { path, field } of fields) {
    const from = path[0]!;
    const prefix = from[0] as Prefix;
    const to = fieldOf.get(from)!;
    let part = byPrefix.get(prefix);
    if (!part) byPrefix.set(prefix, (part = { prefix, id: "", cells: [] }));
    if (to === "id") part.id = from;
    // every field is an aliased column or expression (above), decoded as drizzle would
    part.cells.push({ from, to, decoder: field.sql.decoder });
  }
  parts = [...byPrefix.values()];
  partsOf.set(q, parts);
  return parts;
}

/** The entry statement's answer: the tenant (username key only), the session and its customer, each or undefined. */
export function entryRows(q: Prepared, result: unknown): { tenant: Tenant | undefined } & SessionRows {
  const row = (result as D1Result<Record<string, unknown>>).results[0];
  const out: Partial<Record<Prefix, Record<string, unknown>>> = {};
  if (row) {
    for (const { prefix, id, cells } of partsFor(q)) {
      // a left join's missing row: every column null, the primary key included
      if (row[id] === null) continue;
      const o: Record<string, unknown> = {};
      for (const { from, to, decoder } of cells) {
        const v = row[from];
        o[to] = v === null ? null : decoder.mapFromDriverValue(v);
      }
      out[prefix] = o;
    }
  }
  return {
    tenant: out.t as Tenant | undefined,
    session: out.s as Session | undefined,
    customer: out.c as (Customer & SessionCustomer) | undefined,
  };
}
