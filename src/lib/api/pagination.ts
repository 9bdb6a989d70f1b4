import type { SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Context } from "hono";
import { ordered } from "../../db/conditions";
import { invalidRequest } from "../api-error";
import { apiOrigin } from "../origins";

const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 25;

/** Query parameters Invoiced's clients may send that change only the shape, which we accept and ignore. */
const IGNORED = new Set(["expand", "include"]);

export type ListSpec = {
  /** sortable fields by wire name */
  sort: Record<string, SQLiteColumn>;
  /** `filter[name]=value` -> a condition; throw invalidRequest for a bad value */
  filters?: Record<string, (value: string) => SQL | undefined>;
  /** other plain query parameters the resource understands (e.g. `customer`) */
  params?: Record<string, (value: string) => SQL | undefined>;
};

export type ListQuery = { page: number; perPage: number; offset: number; where: SQL[]; order: SQL[] };

/** `rec[key]` only if the spec itself names it: `?__proto__=` or `sort=constructor` must not reach Object.prototype (S29). */
const own = <T>(rec: Record<string, T> | undefined, key: string): T | undefined => (rec && Object.hasOwn(rec, key) ? rec[key] : undefined);

function positiveInt(value: string, param: string, max?: number): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw invalidRequest(`${param} must be a positive integer`, param);
  const n = Number(value);
  if (max !== undefined && n > max) throw invalidRequest(`${param} must be at most ${max}`, param);
  return n;
}

/**
 * Reads `page`, `per_page` (max 100), `sort` ("name", "name asc", "-date") and
 * `filter[...]`. Any other query parameter is a 400 (S29).
 */
export function parseList(c: Context, spec: ListSpec): ListQuery {
  const url = new URL(c.req.url);
  let page = 1;
  let perPage = DEFAULT_PER_PAGE;
  const where: SQL[] = [];
  const order: SQL[] = [];
  const seen = new Set<string>();
  for (const [key, value] of url.searchParams) {
    if (seen.has(key)) throw invalidRequest(`${key} is given more than once`, key);
    seen.add(key);
    if (key === "page") page = positiveInt(value, key);
    else if (key === "per_page") perPage = positiveInt(value, key, MAX_PER_PAGE);
    else if (key === "sort") order.push(...parseSort(value, spec.sort));
    else if (/^filter\[[a-z_]+\]$/.test(key)) {
      const name = key.slice(7, -1);
      const f = own(spec.filters, name);
      if (!f) throw invalidRequest(`Unknown filter: ${name}`, key);
      const cond = f(value);
      if (cond) where.push(cond);
    } else if (own(spec.params, key)) {
      const cond = own(spec.params, key)!(value);
      if (cond) where.push(cond);
    } else if (!IGNORED.has(key)) throw invalidRequest(`Unknown query parameter: ${key}`, key);
  }
  return { page, perPage, offset: (page - 1) * perPage, where, order };
}

function parseSort(value: string, sortable: Record<string, SQLiteColumn>): SQL[] {
  return value.split(",").map((part) => {
    const m = /^\s*(-?)([a-z_]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    const col = m ? own(sortable, m[2]!) : undefined;
    if (!m || !col) throw invalidRequest(`sort must be one of: ${Object.keys(sortable).join(", ")} (optionally "asc" or "desc")`, "sort");
    const descending = m[1] === "-" || m[3]?.toLowerCase() === "desc";
    return ordered(col, descending);
  });
}

/**
 * `X-Total-Count` and `Link` on every list response, even a single page: Invoiced's
 * clients parse them unconditionally. URLs are built from the configured API origin
 * (never the request's Host) and keep the request's other parameters.
 */
export function setListHeaders(c: Context, q: Pick<ListQuery, "page" | "perPage">, total: number): void {
  const url = new URL(c.req.url);
  const base = `${apiOrigin(c.env)}${url.pathname}`;
  const last = Math.max(1, Math.ceil(total / q.perPage));
  const link = (page: number, rel: string) => {
    const params = new URLSearchParams(url.searchParams);
    params.set("per_page", String(q.perPage));
    params.set("page", String(page));
    return `<${base}?${params.toString()}>; rel="${rel}"`;
  };
  const links = [link(q.page, "self"), link(1, "first")];
  if (q.page > 1) links.push(link(Math.min(q.page - 1, last), "previous"));
  if (q.page < last) links.push(link(q.page + 1, "next"));
  links.push(link(last, "last"));
  c.header("X-Total-Count", String(total));
  c.header("Link", links.join(", "));
}
