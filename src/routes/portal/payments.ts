import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { PortalEnv } from "../../context";
import { pageReads } from "../../db/queries/page-entry";
import { paymentListReads, receiptReads } from "../../db/queries/payment-history";
import { isPublicId } from "../../lib/public-id";
import { receiptPdf } from "../../services/pdf/receipt";
import { PaymentListPage } from "../../views/pages/payments/list";
import { signedInPage } from "../middleware/signed-in-page";
import { pdfResponse } from "./pdf-response";
import { renderPage } from "./render-page";

/**
 * Payment history and receipts (issue 4.5). Every read goes through `c.var.my`
 * (S31): another customer's payment or receipt is a 404.
 */
export const paymentRoutes = new Hono<PortalEnv>();

// A page number that is not one (page=abc, page=-1, page=1e99) shows the first page.
const pageParam = z.coerce.number().int().min(1).max(999_999).catch(1);

// one round trip: the list's reads ride in the session's batch (issue 18)
const pageOf = (param: string | undefined) => pageParam.parse(param);

paymentRoutes.get(
  "/payments",
  signedInPage((my, c) => paymentListReads(my, pageOf(c.req.query("page")))),
  (c) => renderPage(c, PaymentListPage, { page: pageOf(c.req.query("page")), ...c.var.page }),
);

// one round trip: the receipt's reads ride in the session's batch (issue 18)
paymentRoutes.get(
  "/payments/:id/pdf",
  signedInPage((my, c) => {
    const id = c.req.param("id") ?? "";
    return isPublicId(id) ? receiptReads(my, id) : pageReads([], () => undefined);
  }),
  async (c) => {
    const receipt = c.var.page;
    if (!receipt) throw new HTTPException(404);
    const bytes = await receiptPdf({ merchant: c.var.tenant, customerName: c.var.customer.name, ...receipt });
    return pdfResponse(c, bytes, `receipt-${receipt.payment.publicId}`);
  },
);
