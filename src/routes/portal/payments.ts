import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { PortalEnv } from "../../context";
import { findReceipt, listPayments } from "../../db/queries/payment-history";
import { isPublicId } from "../../lib/public-id";
import { receiptPdf } from "../../services/pdf/receipt";
import { PaymentListPage } from "../../views/pages/payments/list";
import { requireCustomer } from "../middleware/session";
import { pdfResponse } from "./pdf-response";
import { renderPage } from "./render-page";

/**
 * Payment history and receipts (issue 4.5). Every read goes through `c.var.my`
 * (S31): another customer's payment or receipt is a 404.
 */
export const paymentRoutes = new Hono<PortalEnv>();

// A page number that is not one (page=abc, page=-1, page=1e99) shows the first page.
const pageParam = z.coerce.number().int().min(1).max(999_999).catch(1);

paymentRoutes.get("/payments", requireCustomer(), async (c) => {
  const page = pageParam.parse(c.req.query("page"));
  const { rows, total, applied } = await listPayments(c.var.my, page);
  return renderPage(c, PaymentListPage, { page, rows, total, applied });
});

paymentRoutes.get("/payments/:id/pdf", requireCustomer(), async (c) => {
  const id = c.req.param("id");
  const receipt = isPublicId(id) ? await findReceipt(c.var.my, id) : undefined;
  if (!receipt) throw new HTTPException(404);
  const bytes = await receiptPdf({ merchant: c.var.tenant, customerName: c.var.customer.name, ...receipt });
  return pdfResponse(c, bytes, `receipt-${receipt.payment.publicId}`);
});
