import type { EstimateFilter } from "../../db/queries/estimates";
import * as z from "../../lib/zod";
import { dayStart, isoDay } from "../invoices/filters";

/**
 * The estimate list's query string (issues 5 and 17.7): status (`filter`, the name the
 * My Account link uses), search, date range and page. An unknown status or page falls
 * back to the default list, as before; a date that is not one is a message on its field.
 */

export type EstimateListInput = Record<"filter" | "q" | "from" | "to" | "page", string>;
type EstimateListQuery = { filter: EstimateFilter; q: string; from: number | null; to: number | null; page: number };
export type EstimateListParsed = { input: EstimateListInput; query: EstimateListQuery; errors: Partial<Record<"q" | "from" | "to", string>> };

// built on first use (z.once), not by every isolate at startup (issue 18)
const fields = z.once(() => ({
  status: z.enum(["all", "open", "approved", "declined", "expired"]).catch("all"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  day: z.union([z.literal(""), isoDay()]),
}));

export function parseEstimateList(params: URLSearchParams): EstimateListParsed {
  const { status, page, day } = fields();
  const input: EstimateListInput = {
    filter: status.parse(params.get("filter") ?? undefined),
    q: (params.get("q") ?? "").trim(),
    from: (params.get("from") ?? "").trim(),
    to: (params.get("to") ?? "").trim(),
    page: String(page.parse(params.get("page") ?? undefined)),
  };
  const errors: EstimateListParsed["errors"] = {};
  if (input.q.length > 100) errors.q = "Search for at most 100 characters.";
  for (const k of ["from", "to"] as const) {
    const r = day.safeParse(input[k]);
    if (!r.success) errors[k] = r.error.issues[0]!.message;
  }
  const from = input.from && !errors.from ? dayStart(input.from) : null;
  const to = input.to && !errors.to ? dayStart(input.to)! + 86400 : null;
  if (from !== null && to !== null && to <= from) errors.to = "The end date must be on or after the start date.";
  return { input, errors, query: { filter: input.filter as EstimateFilter, q: errors.q ? "" : input.q, from, to, page: Number(input.page) } };
}

/** Whether a filter other than the page is set (the "Filter" panel opens). */
export const estimateFiltersSet = (i: EstimateListInput) => i.filter !== "all" || i.q !== "" || i.from !== "" || i.to !== "";

/** The query string for these filters, defaults left out. */
export function estimateListQuery(i: EstimateListInput, over: Partial<EstimateListInput> = {}): string {
  const all = { ...i, ...over };
  const defaults: EstimateListInput = { filter: "all", q: "", from: "", to: "", page: "1" };
  const p = new URLSearchParams();
  for (const k of Object.keys(defaults) as (keyof EstimateListInput)[]) if (all[k] !== defaults[k]) p.set(k, all[k]);
  const s = p.toString();
  return s ? `?${s}` : "";
}
