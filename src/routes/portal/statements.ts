import { type Context, Hono } from "hono";
import type { PortalEnv } from "../../context";
import { mapReads, type PageReads, pageReads } from "../../db/queries/page-entry";
import { balanceForwardReads, openItemReads } from "../../db/queries/statements";
import type { CustomerScope } from "../../db/scope";
import { balanceForwardPdf, openItemPdf } from "../../services/pdf/statement";
import { parseStatementQuery } from "../../services/statements/query";
import { buildBalanceForward, buildOpenItem } from "../../services/statements/statement";
import { type StatementContent, StatementsPage } from "../../views/pages/statements/page";
import { signedInPage } from "../middleware/signed-in-page";
import { merchantForPdf, pdfResponse } from "./pdf-response";
import { renderPage } from "./render-page";

/**
 * Statements (issue 4.6): balance forward for a month, or open items with aging,
 * each as a page and a PDF. `?type=balance_forward|open_item` are the targets of
 * Invoiced's redirect_to ids. Its reads ride in the session's batch (signedInPage,
 * issue 18), all through the customer's scope (S31).
 */
export const statementRoutes = new Hono<PortalEnv>();

type Loaded = { query: ReturnType<typeof parseStatementQuery>; content?: StatementContent };

/** The query decides what is read; a bad query reads nothing (the page says what is wrong). */
function statementReads(my: CustomerScope, c: Context<PortalEnv>): PageReads<Loaded> {
  const query = parseStatementQuery(new URL(c.req.url).searchParams, c.var.now);
  if (!query.ok) return pageReads([], () => ({ query }));
  if (query.type === "open_item") {
    return mapReads(openItemReads(my), (rows) => ({ query, content: { type: "open_item", sections: buildOpenItem(rows, c.var.now) } }));
  }
  const month = query.month;
  return mapReads(balanceForwardReads(my, month), (rows) => ({ query, content: { type: "balance_forward", month, sections: buildBalanceForward(rows) } }));
}

statementRoutes.get("/statements", signedInPage(statementReads), (c) => {
  const { query, content } = c.var.page;
  const base = { now: c.var.now, input: query.input };
  if (!content) return renderPage(c, StatementsPage, { ...base, errors: query.ok ? {} : query.errors }, 422);
  return renderPage(c, StatementsPage, { ...base, content });
});

statementRoutes.get("/statements/pdf", signedInPage(statementReads), async (c) => {
  const { query, content } = c.var.page;
  if (!content) return renderPage(c, StatementsPage, { now: c.var.now, input: query.input, errors: query.ok ? {} : query.errors }, 422);
  const head = { merchant: await merchantForPdf(c), customer: c.var.customer, now: c.var.now };
  if (content.type === "balance_forward") {
    const bytes = await balanceForwardPdf({ ...head, month: content.month, sections: content.sections });
    return pdfResponse(c, bytes, `statement-${content.month.key}`);
  }
  return pdfResponse(c, await openItemPdf({ ...head, sections: content.sections }), "open-items");
});
