import * as z from "../../lib/zod";

/**
 * The invoice list's query string, parsed once: status filter, search, date range,
 * sort and page. Pure, so the route and the CSV export share it and tests can call it.
 * Unknown values are a 400 with a message per field, never a 500 and never a silent
 * guess (a CSV export that quietly ignored a filter would be worse than an error).
 */

const INVOICE_STATUSES = ["all", "open", "paid", "past_due"] as const;
const INVOICE_SORTS = ["date", "due_date", "number", "total", "balance"] as const;
export const PAGE_SIZE = 25;
/** six digits: far beyond any real list, small enough that the OFFSET stays a plain integer */
const MAX_PAGE = 999_999;

type InvoiceStatusFilter = (typeof INVOICE_STATUSES)[number];
type InvoiceSort = (typeof INVOICE_SORTS)[number];

export type InvoiceFilter = {
  status: InvoiceStatusFilter;
  q: string;
  /** unix seconds, inclusive start of the `from` day (UTC) */
  from: number | null;
  /** unix seconds, exclusive end of the `to` day (UTC) */
  to: number | null;
  sort: InvoiceSort;
  dir: "asc" | "desc";
  page: number;
};

/** What the form shows back: the raw text typed, so a bad value can be corrected. */
export type InvoiceFilterInput = Record<"status" | "q" | "from" | "to" | "sort" | "dir" | "page", string>;

export type FilterResult =
  | { ok: true; filter: InvoiceFilter; input: InvoiceFilterInput }
  | { ok: false; errors: Partial<Record<keyof InvoiceFilterInput, string>>; input: InvoiceFilterInput };

export const isoDay = z.once(() =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-31.")
    .refine((s) => dayStart(s) !== null, "That date does not exist.")
    .refine((s) => s >= "1970-01-01" && s <= "9999-12-31", "Use a date from 1970 on."),
);

const schema = z.once(() =>
  z.object({
    status: z.enum(INVOICE_STATUSES, { error: "Choose open, paid, past due or all." }),
    q: z.string().max(100, "Search for at most 100 characters."),
    from: z.union([z.literal(""), isoDay()]),
    to: z.union([z.literal(""), isoDay()]),
    sort: z.enum(INVOICE_SORTS, { error: "Sort by date, due date, number, total or balance." }),
    dir: z.enum(["asc", "desc"], { error: "Sort ascending or descending." }),
    page: z.string().regex(/^[1-9]\d{0,5}$/, `The page must be a whole number from 1 to ${MAX_PAGE}.`),
  }),
);

export function parseInvoiceFilter(params: URLSearchParams): FilterResult {
  const input: InvoiceFilterInput = {
    // issue 17: a search without a chosen status looks across all statuses
    status: params.get("status") || ((params.get("q") ?? "").trim() ? "all" : "open"),
    q: (params.get("q") ?? "").trim(),
    from: (params.get("from") ?? "").trim(),
    to: (params.get("to") ?? "").trim(),
    sort: params.get("sort") || "date",
    dir: params.get("dir") || "desc",
    page: params.get("page") || "1",
  };
  const parsed = schema().safeParse(input);
  if (!parsed.success) {
    const errors: Partial<Record<keyof InvoiceFilterInput, string>> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof InvoiceFilterInput;
      errors[key] ??= issue.message;
    }
    return { ok: false, errors, input };
  }
  const v = parsed.data;
  const from = v.from ? dayStart(v.from)! : null;
  const to = v.to ? dayStart(v.to)! + 86400 : null;
  if (from !== null && to !== null && to <= from) {
    return { ok: false, errors: { to: "The end date must be on or after the start date." }, input };
  }
  return { ok: true, input, filter: { status: v.status, q: v.q, from, to, sort: v.sort, dir: v.dir, page: Number(v.page) } };
}

/** Unix seconds at 00:00 UTC of a YYYY-MM-DD day, or null when the day does not exist (2026-02-30). */
export function dayStart(day: string): number | null {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  // setUTCFullYear, because Date.UTC reads years 0 to 99 as 1900 to 1999
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  const ms = date.getTime();
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return ms / 1000;
}

/** The query string for these filters, leaving out defaults so URLs stay short. */
export function filterQuery(input: InvoiceFilterInput, over: Partial<InvoiceFilterInput> = {}): string {
  const all = { ...input, ...over };
  const defaults: InvoiceFilterInput = { status: "open", q: "", from: "", to: "", sort: "date", dir: "desc", page: "1" };
  const p = new URLSearchParams();
  for (const k of Object.keys(defaults) as (keyof InvoiceFilterInput)[]) {
    // with a search the status always goes along: a search without one means "all statuses"
    if (all[k] !== defaults[k] || (k === "status" && all.q)) p.set(k, all[k]);
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}
