import { currentMonth, type Month, parseMonth, type StatementType } from "./statement";

/**
 * The statements page's query string: `type` (balance_forward or open_item, the values
 * Invoiced's redirect_to ids map to) and `month` (YYYY-MM, balance forward only).
 * Empty means the default (balance forward for this month); anything else that is not
 * understood is a message next to the field, with what was typed kept.
 */

export type StatementInput = { type: string; month: string };
export type StatementQuery =
  | { ok: true; type: StatementType; month: Month; input: StatementInput }
  | { ok: false; errors: Partial<Record<keyof StatementInput, string>>; input: StatementInput; month: Month };

const TYPES: readonly string[] = ["balance_forward", "open_item"];

export function parseStatementQuery(params: URLSearchParams, now: number): StatementQuery {
  const thisMonth = currentMonth(now);
  const input: StatementInput = {
    type: (params.get("type") ?? "").trim().slice(0, 40) || "balance_forward",
    month: (params.get("month") ?? "").trim().slice(0, 40) || thisMonth.key,
  };
  const errors: Partial<Record<keyof StatementInput, string>> = {};
  if (!TYPES.includes(input.type)) errors.type = "Choose a balance forward or an open item statement.";

  const month = parseMonth(input.month);
  if (!month) errors.month = "Use a month like 2026-01 (year, then month).";
  else if (month.start > thisMonth.start) errors.month = `Choose ${thisMonth.key} or an earlier month.`;

  if (Object.keys(errors).length || !month) return { ok: false, errors, input, month: month ?? thisMonth };
  return { ok: true, type: input.type as StatementType, month, input };
}

/** Query string of a statement, for its PDF link and the month navigation. */
export function statementQuery(type: StatementType, month?: Month): string {
  const p = new URLSearchParams({ type });
  if (type === "balance_forward" && month) p.set("month", month.key);
  return `?${p.toString()}`;
}
