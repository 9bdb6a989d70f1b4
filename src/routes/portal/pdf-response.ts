import type { Context } from "hono";
import type { PortalEnv } from "../../context";
import { logoFetchFor, pdfMerchant } from "../../services/pdf/logo";

/** The tenant with its logo, for the letterhead of a PDF (issue 17.7). */
export function merchantForPdf<E extends PortalEnv>(c: Context<E>) {
  return pdfMerchant(c.var.tenant, logoFetchFor(c.env));
}

/** A generated PDF, shown in the browser, never cached (personal data), with a safe file name. */
export function pdfResponse<E extends PortalEnv>(c: Context<E>, bytes: Uint8Array, name: string) {
  const file = name.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 80);
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": "application/pdf",
    "Content-Disposition": `inline; filename="${file}.pdf"`,
    "Cache-Control": "no-store",
  });
}
