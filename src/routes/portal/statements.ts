import { type Context, Hono } from "hono";
import type { PortalEnv, SignedInEnv } from "../../context";
import { balanceForwardRows, openItemRows } from "../../db/queries/statements";
import { balanceForwardPdf, openItemPdf } from "../../services/pdf/statement";
import { parseStatementQuery } from "../../services/statements/query";
import { buildBalanceForward, buildOpenItem, type Month } from "../../services/statements/statement";
import { type StatementContent, StatementsPage } from "../../views/pages/statements/page";
import { requireCustomer } from "../middleware/session";
import { pdfResponse } from "./pdf-response";
import { renderPage } from "./render-page";

/**
 * Statements (issue 4.6): balance forward for a month, or open items with aging,
 * each as a page and a PDF. `?type=balance_forward|open_item` are the targets of
 * Invoiced's redirect_to ids. One batch of reads through `c.var.my` (S31).
 */
export const statementRoutes = new Hono<PortalEnv>();

statementRoutes.get("/statements", requireCustomer(), async (c) => {
  const q = parseStatementQuery(new URL(c.req.url).searchParams, c.var.now);
  const base = { now: c.var.now, input: q.input };
  if (!q.ok) return renderPage(c, StatementsPage, { ...base, errors: q.errors }, 422);
  const content = await load(c, q.type, q.month);
  return renderPage(c, StatementsPage, { ...base, content });
});

statementRoutes.get("/statements/pdf", requireCustomer(), async (c) => {
  const q = parseStatementQuery(new URL(c.req.url).searchParams, c.var.now);
  if (!q.ok) {
    const base = { now: c.var.now, input: q.input };
    return renderPage(c, StatementsPage, { ...base, errors: q.errors }, 422);
  }
  const content = await load(c, q.type, q.month);
  const head = { merchant: c.var.tenant, customer: c.var.customer, now: c.var.now };
  if (content.type === "balance_forward") {
    const bytes = await balanceForwardPdf({ ...head, month: content.month, sections: content.sections });
    return pdfResponse(c, bytes, `statement-${content.month.key}`);
  }
  return pdfResponse(c, await openItemPdf({ ...head, sections: content.sections }), "open-items");
});

async function load<E extends SignedInEnv>(c: Context<E>, type: "balance_forward" | "open_item", month: Month): Promise<StatementContent> {
  if (type === "open_item") return { type, sections: buildOpenItem(await openItemRows(c.var.my), c.var.now) };
  const rows = await balanceForwardRows(c.var.my, month);
  return { type, month, sections: buildBalanceForward(rows) };
}
