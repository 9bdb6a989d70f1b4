import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { PortalEnv } from "../../context";
import { type InvoiceDocument, type InvoiceReading, invoiceDocumentReads } from "../../db/queries/invoice-document";
import { CSV_LIMIT, invoiceListReads, invoicesForExport } from "../../db/queries/invoices";
import { mapReads, type PageReads, pageReads } from "../../db/queries/page-entry";
import { isSessionBound } from "../../db/scope";
import { portalOrigin } from "../../lib/origins";
import { isPublicId } from "../../lib/public-id";
import { invoicesCsv } from "../../services/invoices/csv";
import { parseInvoiceFilter } from "../../services/invoices/filters";
import { invoicePdf } from "../../services/pdf/invoice";
import { InvoiceDetailPage } from "../../views/pages/invoices/detail";
import { InvoiceListPage } from "../../views/pages/invoices/list";
import { type DocumentPageEnv, documentPage } from "../middleware/document-access";
import { requireCustomer } from "../middleware/session";
import { signedInPage } from "../middleware/signed-in-page";
import { documentView } from "./document-view";
import { merchantForPdf, pdfResponse } from "./pdf-response";
import { renderPage } from "./render-page";

/**
 * The customer's invoices (issue 4.2): list with filters, CSV of the filtered list,
 * detail and PDF. `:id` is the invoice's random public id; every read goes through
 * `c.var.my` (S31), so a foreign, draft or voided invoice is a 404. Detail and PDF
 * also open from a document link when the tenant does not require sign-in.
 */
export const invoiceRoutes = new Hono<PortalEnv>();

type ListLoad = { parsed: ReturnType<typeof parseInvoiceFilter>; result?: ReturnType<ReturnType<typeof invoiceListReads>["read"]> };

// one round trip: the list's reads ride in the session's batch (issue 18); a bad filter reads nothing
invoiceRoutes.get(
  "/invoices",
  signedInPage((my, c): PageReads<ListLoad> => {
    const parsed = parseInvoiceFilter(new URL(c.req.url).searchParams);
    if (!parsed.ok) return pageReads([], () => ({ parsed }));
    return mapReads(invoiceListReads(my, parsed.filter, c.get("now")), (result) => ({ parsed, result }));
  }),
  (c) => {
    const { parsed, result } = c.get("page");
    const base = { now: c.get("now"), csvLimit: CSV_LIMIT };
    if (!parsed.ok || !result) return renderPage(c, InvoiceListPage, { ...base, input: parsed.input, errors: parsed.ok ? {} : parsed.errors }, 422);
    return renderPage(c, InvoiceListPage, { ...base, input: parsed.input, filter: parsed.filter, result });
  },
);

invoiceRoutes.get("/invoices.csv", requireCustomer(), async (c) => {
  const parsed = parseInvoiceFilter(new URL(c.req.url).searchParams);
  if (!parsed.ok) {
    // a download link with a bad filter: say which, rather than export something else
    const lines = Object.entries(parsed.errors).map(([k, v]) => `${k}: ${v}`);
    return c.text(`The invoices could not be exported.\n${lines.join("\n")}\n`, 422);
  }
  const { rows, truncated } = await invoicesForExport(c.get("my"), parsed.filter, c.get("now"));
  return c.body(invoicesCsv(rows, c.get("now")), 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": 'attachment; filename="invoices.csv"',
    "Cache-Control": "no-store",
    ...(truncated ? { "X-Export-Truncated": String(CSV_LIMIT) } : {}),
  });
});

// one round trip: the invoice is read in the session's batch (issue 18); its view is written after the response.
// The bill-to is the session's customer when the invoice is read as theirs (it came with the session);
// otherwise (a document link, even beside a narrow session of another customer) it is read with the invoice.
const invoicePage = documentPage("invoice", (my, c) => {
  const id = c.req.param("id") ?? "";
  const withCustomer = !isSessionBound(my) && c.get("customer")?.id !== my.customerId;
  return isPublicId(id) ? invoiceDocumentReads(my, id, withCustomer) : pageReads([], () => undefined);
});

invoiceRoutes.get("/invoices/:id", invoicePage, async (c) => {
  const doc = opened(c, "page");
  if (!doc) throw new HTTPException(404);
  return renderPage(c, InvoiceDetailPage, {
    doc,
    now: c.get("now"),
    documentOnly: !!c.get("documentOnly"),
  });
});

invoiceRoutes.get("/invoices/:id/pdf", invoicePage, async (c) => {
  const doc = opened(c, "pdf");
  if (!doc) throw new HTTPException(404);
  const shown = c.get("documentOnly") ? withoutCardDetails(doc) : doc;
  const bytes = await invoicePdf({ merchant: await merchantForPdf(c), doc: shown, now: c.get("now"), origin: portalOrigin(c.env, c.get("tenant").username) });
  return pdfResponse(c, bytes, `invoice-${doc.invoice.number}`);
});

/**
 * The invoice the page read, its view (invoice.viewed, sent -> viewed) sent to the queue
 * after the response (db/queries/document-views.ts), and shown as the view makes it:
 * `sent` is `viewed`.
 */
function opened(c: Context<DocumentPageEnv<InvoiceReading | undefined>>, via: "page" | "pdf"): InvoiceDocument | undefined {
  const read = c.get("page");
  const billTo = read?.billTo ?? c.get("customer");
  // a document link opens its own invoice only, whatever id the path carries next
  const only = c.get("documentOnly");
  if (!read || !billTo || (only && only.publicId !== read.invoice.publicId)) return undefined;
  const doc = { ...read, billTo };
  c.set("view", documentView(c, "invoice", doc.invoice.publicId, via));
  return doc.invoice.status === "sent" ? { ...doc, invoice: { ...doc.invoice, status: "viewed" } } : doc;
}

/** A signed-out link holder learns that a card paid, not which card. */
function withoutCardDetails(doc: InvoiceDocument): InvoiceDocument {
  return { ...doc, applied: doc.applied.map((a) => ({ ...a, methodBrand: null, methodLast4: null })), autopaySource: null };
}
