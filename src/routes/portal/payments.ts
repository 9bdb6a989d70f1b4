import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { PortalEnv } from "../../context";
import { mapReads, type PageReads, pageReads } from "../../db/queries/page-entry";
import { PAYMENTS_CSV_LIMIT, paymentListReads, paymentsForExport, receiptReads } from "../../db/queries/payment-history";
import { isPublicId } from "../../lib/public-id";
import * as z from "../../lib/zod";
import { paymentsCsv } from "../../services/payments/csv";
import { type PaymentFilterResult, parsePaymentFilter, paymentQuery } from "../../services/payments/filters";
import { receiptPdf } from "../../services/pdf/receipt";
import { PaymentListPage } from "../../views/pages/payments/list";
import { requireCustomer } from "../middleware/session";
import { signedInPage } from "../middleware/signed-in-page";
import { merchantForPdf, pdfResponse } from "./pdf-response";
import { renderPage } from "./render-page";

/**
 * Payment history and receipts (issue 4.5). Every read goes through `c.var.my`
 * (S31): another customer's payment or receipt is a 404.
 */
export const paymentRoutes = new Hono<PortalEnv>();

type ListLoad = { parsed: PaymentFilterResult; result?: ReturnType<ReturnType<typeof paymentListReads>["read"]> };

// A page number that is not one (page=abc, page=-1, page=1e99) shows the first page, as before filters.
const pageParam = z.once(() => z.coerce.number().int().min(1).max(999_999).catch(1));
function parse(url: string): PaymentFilterResult {
  const params = new URL(url).searchParams;
  params.set("page", String(pageParam().parse(params.get("page") ?? undefined)));
  return parsePaymentFilter(params);
}

// one round trip: the list's reads ride in the session's batch (issue 18); a bad filter reads nothing
paymentRoutes.get(
  "/payments",
  signedInPage((my, c): PageReads<ListLoad> => {
    const parsed = parse(c.req.url);
    if (!parsed.ok) return pageReads([], () => ({ parsed }));
    return mapReads(paymentListReads(my, parsed.filter.page, paymentQuery(parsed.filter)), (result) => ({ parsed, result }));
  }),
  (c) => {
    const { parsed, result } = c.var.page;
    if (!parsed.ok || !result) {
      const empty = { page: 1, rows: [], total: 0, applied: [], everTotal: 0 };
      return renderPage(c, PaymentListPage, { ...empty, input: parsed.input, errors: parsed.ok ? {} : parsed.errors }, 422);
    }
    return renderPage(c, PaymentListPage, { ...result, page: parsed.filter.page, input: parsed.input });
  },
);

// issue 17.7: the filtered list as CSV, the customer's own payments only (S31: through `my`)
paymentRoutes.get("/payments.csv", requireCustomer(), async (c) => {
  const parsed = parse(c.req.url);
  if (!parsed.ok) {
    const lines = Object.entries(parsed.errors).map(([k, v]) => `${k}: ${v}`);
    return c.text(`The payments could not be exported.\n${lines.join("\n")}\n`, 422);
  }
  const { rows, applied, truncated } = await paymentsForExport(c.var.my, paymentQuery(parsed.filter));
  return c.body(paymentsCsv(rows, applied), 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": 'attachment; filename="payments.csv"',
    "Cache-Control": "no-store",
    ...(truncated ? { "X-Export-Truncated": String(PAYMENTS_CSV_LIMIT) } : {}),
  });
});

// one round trip: the receipt's reads ride in the session's batch (issue 18)
paymentRoutes.get(
  "/payments/:id/pdf",
  signedInPage((my, c) => {
    const id = c.req.param("id") ?? "";
    return isPublicId(id) ? receiptReads(my, id) : pageReads([], () => undefined);
  }),
  async (c) => {
    const receipt = c.get("page");
    if (!receipt) throw new HTTPException(404);
    const bytes = await receiptPdf({ merchant: await merchantForPdf(c), customerName: c.get("customer").name, ...receipt });
    return pdfResponse(c, bytes, `receipt-${receipt.payment.publicId}`);
  },
);
