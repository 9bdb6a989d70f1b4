import type { SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { equals } from "../../db/conditions";
import {
  ESTIMATE_STATUSES,
  estimateSorts,
  estimateStatusCondition,
  INVOICE_STATUSES,
  invoiceSorts,
  invoiceStatusCondition,
  rangeCondition,
} from "../../db/queries/document-filters";
import { estimates, invoices } from "../../db/schema";
import type { ListSpec } from "../../lib/api/pagination";
import { invalidRequest } from "../../lib/api-error";
import { isCurrency } from "../../lib/money";

/**
 * What `GET /invoices` and `GET /estimates` accept besides page, per_page and sort:
 *   filter[status]      a status as the objects show it (past_due and expired included)
 *   filter[customer]    a customer id
 *   filter[currency], filter[number], filter[draft], filter[closed] (and filter[paid] for invoices)
 *   start_date, end_date   the document date range, inclusive (Unix seconds)
 *   updated_after       changed after (Unix seconds)
 * A bad value is a 400 naming the parameter (S29).
 */

function int(value: string, param: string): number {
  if (!/^\d{1,15}$/.test(value)) throw invalidRequest(`${param} must be a non-negative integer`, param);
  return Number(value);
}

function bool(value: string, param: string): boolean {
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw invalidRequest(`${param} must be true or false`, param);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], param: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw invalidRequest(`${param} must be one of: ${allowed.join(", ")}`, param);
  return value as T;
}

type DocTable = typeof invoices | typeof estimates;

function common(t: DocTable): NonNullable<ListSpec["filters"]> {
  return {
    customer: (v) => equals(t.customerId, int(v, "filter[customer]")),
    currency: (v) => {
      if (!isCurrency(v)) throw invalidRequest("filter[currency] must be an ISO 4217 currency code", "filter[currency]");
      return equals(t.currency, v.toLowerCase());
    },
    number: (v) => equals(t.number, v),
    draft: (v) => equals(t.draft, bool(v, "filter[draft]")),
    closed: (v) => equals(t.closed, bool(v, "filter[closed]")),
  };
}

function ranges(date: SQLiteColumn, updatedAt: SQLiteColumn): NonNullable<ListSpec["params"]> {
  return {
    start_date: (v) => rangeCondition(date, "gte", int(v, "start_date")),
    end_date: (v) => rangeCondition(date, "lte", int(v, "end_date")),
    updated_after: (v) => rangeCondition(updatedAt, "gt", int(v, "updated_after")),
  };
}

export function invoiceListSpec(now: number): ListSpec {
  return {
    sort: invoiceSorts,
    filters: {
      ...common(invoices),
      status: (v): SQL => invoiceStatusCondition(oneOf(v, INVOICE_STATUSES, "filter[status]"), now),
      paid: (v) => (bool(v, "filter[paid]") ? invoiceStatusCondition("paid", now) : equals(invoices.paid, false)),
    },
    params: ranges(invoices.date, invoices.updatedAt),
  };
}

export function estimateListSpec(now: number): ListSpec {
  return {
    sort: estimateSorts,
    filters: { ...common(estimates), status: (v): SQL => estimateStatusCondition(oneOf(v, ESTIMATE_STATUSES, "filter[status]"), now) },
    params: ranges(estimates.date, estimates.updatedAt),
  };
}
