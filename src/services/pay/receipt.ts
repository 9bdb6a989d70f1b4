import { paymentWithLines } from "../../db/queries/attempt-documents";
import type { Customer, Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import type { Mailer } from "../email";
import { receiptHtml, receiptSubject, receiptText } from "./receipt-email";

/**
 * The receipt email after a successful online payment (issue 4, item 5), to the
 * customer's billing email. Links are built from the tenant's configured origin
 * (S9). A mail failure never undoes or hides the payment: it is logged without
 * personal data (S44) and the receipt stays available under Payments.
 */
export async function sendReceipt(
  d: { scope: TenantScope; mailer: Mailer; tenant: Pick<Tenant, "id" | "name">; portalOrigin: string },
  customer: Pick<Customer, "id" | "name" | "email">,
  paymentId: number,
): Promise<boolean> {
  if (!customer.email) return false;
  try {
    const found = await paymentWithLines(d.scope, customer.id, paymentId);
    if (!found) return false;
    const { payment, lines } = found;
    const mail = {
      tenantName: d.tenant.name,
      customerName: customer.name,
      amount: payment.amount,
      currency: payment.currency,
      date: payment.date,
      method: payment,
      reference: payment.publicId,
      lines,
      receiptUrl: `${d.portalOrigin}/payments/${payment.publicId}/pdf`,
      accountUrl: `${d.portalOrigin}/account`,
    };
    await d.mailer.send({
      tenantId: d.tenant.id,
      to: { email: customer.email, name: customer.name },
      subject: receiptSubject(mail),
      text: receiptText(mail),
      html: receiptHtml(mail),
    });
    return true;
  } catch (err) {
    console.error(`receipt mail failed: ${err instanceof Error ? err.name : "unknown"}`);
    return false;
  }
}
