import type { Actor } from "../../db/events";
import { eventStatement } from "../../db/events";
import { findCustomer } from "../../db/queries/customers";
import { findEstimate, findInvoice } from "../../db/queries/documents";
import { loadEstimateExtras } from "../../db/queries/estimates";
import { readInvoiceDocument } from "../../db/queries/invoice-document";
import { balanceForwardRows, openItemRows } from "../../db/queries/statements";
import type { Customer, Tenant } from "../../db/queries/types";
import { customerScope, type TenantScope } from "../../db/scope";
import { conflict, notFound } from "../../lib/api-error";
import { formatDate, formatMoney } from "../../presentation/format";
import { sendEstimate } from "../api/estimate-writes";
import { sendInvoice } from "../api/invoice-transitions";
import type { WriteCtx } from "../api/invoice-writes";
import { deliver, type Mailer } from "../email";
import { canRespond } from "../estimates/status";
import { estimatePdf } from "../pdf/estimate";
import { invoicePdf } from "../pdf/invoice";
import { type LogoFetch, pdfMerchant } from "../pdf/logo";
import { balanceForwardPdf, openItemPdf } from "../pdf/statement";
import { buildBalanceForward, buildOpenItem, currentMonth, monthLabel } from "../statements/statement";
import { type DocumentMail, documentMailHtml, documentMailText } from "./compose";
import { type DocumentEmailInput, parseDocumentEmail, parseStatementEmail, type Recipient, resolveRecipients } from "./input";
import { type EmailObject, type EmailTemplate, emailObject } from "./wire";

/**
 * Document emails (issue 17.1): `invoice.send`, `estimate.send` and
 * `customer.send_statement` of Invoiced's clients. Each recipient gets their own
 * message (no one sees the others' addresses) with the document's PDF attached and a
 * button to the document in the portal: the plain document URL, which goes through
 * sign-in unless the tenant turned `require_authentication` off (document links,
 * routes/middleware/document-access.ts). A draft or not-yet-sent document is issued
 * first (the same `invoice.sent` / `estimate.sent` as POST .../send); each message
 * is recorded as an `email.sent` event carrying the email object, in one batch after
 * the sends, so the events say what was actually handed to the mail provider.
 */

export type EmailDeps = {
  scope: TenantScope;
  tenant: Tenant;
  mailer: Mailer;
  from: string;
  origin: string;
  write: WriteCtx;
  /** reads the tenant's logo for the attached PDF (pdf/logo.ts); the global fetch without it */
  logoFetch?: LogoFetch;
};

type Prepared = {
  customer: Customer;
  template: EmailTemplate;
  document: { object: "invoice" | "estimate" | "customer"; id: number; number: string };
  mail: Omit<DocumentMail, "greeting" | "message"> & { defaultMessage: string };
  subject: string;
  pdf: { filename: string; bytes: Uint8Array };
};

const who = (d: EmailDeps): Actor => d.write.who;

export async function emailInvoice(d: EmailDeps, id: number, body: unknown): Promise<EmailObject[]> {
  const input = parseDocumentEmail(body);
  const inv = await findInvoice(d.scope, id);
  if (!inv) throw notFound("invoice");
  if (inv.voided || inv.status === "voided") throw conflict("A voided invoice cannot be sent");
  const customer = await reachableCustomer(d, inv.customerId);
  const recipients = await resolveRecipients(d.scope, customer, input);
  if (inv.draft || inv.status === "draft" || inv.status === "not_sent") await sendInvoice(d.scope, id, d.write);

  const doc = await readInvoiceDocument(customerScope(d.scope, customer.id), inv.publicId);
  if (!doc) throw conflict("The invoice changed while it was being sent; retry");
  const i = doc.invoice;
  const money = (n: number) => formatMoney(n, i.currency);
  const owed = i.balance > 0;
  const pdf = await invoicePdf({ merchant: await pdfMerchant(d.tenant, d.logoFetch), doc, now: d.write.now, origin: d.origin });
  const due = i.dueDate === null ? "on receipt" : formatDate(i.dueDate);
  return send(d, input, recipients, {
    customer,
    template: "new_invoice_email",
    document: { object: "invoice", id: inv.id, number: i.number },
    subject: `Invoice ${i.number} from ${d.tenant.name}`,
    pdf: { filename: `invoice-${i.number}.pdf`, bytes: pdf },
    mail: {
      brand: d.tenant,
      defaultMessage: owed
        ? `${d.tenant.name} has sent you invoice ${i.number} for ${money(i.total)}, due ${due}.`
        : `${d.tenant.name} has sent you invoice ${i.number}. Nothing is owed on it.`,
      summary: [
        ["Invoice", i.number],
        ["Invoice date", formatDate(i.date)],
        ["Due date", i.dueDate === null ? "On receipt" : formatDate(i.dueDate)],
        ["Total", money(i.total)],
        ["Balance due", money(i.balance)],
      ],
      button: { label: owed ? "View and pay" : "View invoice", url: `${d.origin}/invoices/${i.publicId}` },
      attachmentNote: "The invoice is attached as a PDF.",
    },
  });
}

export async function emailEstimate(d: EmailDeps, id: number, body: unknown): Promise<EmailObject[]> {
  const input = parseDocumentEmail(body);
  const found = await findEstimate(d.scope, id);
  if (!found) throw notFound("estimate");
  if (found.status === "voided") throw conflict("A voided estimate cannot be sent");
  const customer = await reachableCustomer(d, found.customerId);
  const recipients = await resolveRecipients(d.scope, customer, input);
  if (found.draft || found.status === "draft" || found.status === "not_sent") await sendEstimate(d.scope, id, d.write);

  const e = (await findEstimate(d.scope, id))!;
  const extras = await loadEstimateExtras(customerScope(d.scope, customer.id), e);
  const money = (n: number) => formatMoney(n, e.currency);
  const open = canRespond(e, d.write.now);
  const pdf = await estimatePdf({
    merchant: await pdfMerchant(d.tenant, d.logoFetch),
    billTo: customer,
    estimate: e,
    lines: extras.lines,
    approval: extras.approval,
    now: d.write.now,
    origin: d.origin,
  });
  const summary: [string, string][] = [
    ["Estimate", e.number],
    ["Date", formatDate(e.date)],
    ["Expires", e.expirationDate === null ? "No expiration" : formatDate(e.expirationDate)],
    ["Total", money(e.total)],
  ];
  if (e.deposit > 0) summary.push(["Deposit due on approval", money(e.deposit)]);
  return send(d, input, recipients, {
    customer,
    template: "estimate_email",
    document: { object: "estimate", id: e.id, number: e.number },
    subject: `Estimate ${e.number} from ${d.tenant.name}`,
    pdf: { filename: `estimate-${e.number}.pdf`, bytes: pdf },
    mail: {
      brand: d.tenant,
      defaultMessage: open
        ? `${d.tenant.name} has sent you estimate ${e.number} for ${money(e.total)}. You can review it and approve or decline it online.`
        : `${d.tenant.name} has sent you a copy of estimate ${e.number}.`,
      summary,
      button: { label: open ? "View and approve" : "View estimate", url: `${d.origin}/estimates/${e.publicId}` },
      attachmentNote: "The estimate is attached as a PDF.",
    },
  });
}

export async function emailStatement(d: EmailDeps, customerId: number, body: unknown): Promise<EmailObject[]> {
  const input = parseStatementEmail(body);
  const customer = await reachableCustomer(d, customerId);
  const recipients = await resolveRecipients(d.scope, customer, input);
  const my = customerScope(d.scope, customer.id);
  const now = d.write.now;
  const head = { merchant: await pdfMerchant(d.tenant, d.logoFetch), customer, now };
  if (input.type === "balance_forward") {
    const month = currentMonth(input.start ?? now);
    const sections = buildBalanceForward(await balanceForwardRows(my, month));
    const pdf = await balanceForwardPdf({ ...head, month, sections });
    const summary = sections.map((s): [string, string] => [
      `Balance at the end of ${monthLabel(month)} (${s.currency.toUpperCase()})`,
      formatMoney(s.closing, s.currency),
    ]);
    return send(d, input, recipients, statementPrepared(d, customer, "balance_forward", `statement-${month.key}.pdf`, pdf, summary, `month=${month.key}`));
  }
  const sections = buildOpenItem(await openItemRows(my), now);
  const pdf = await openItemPdf({ ...head, sections });
  const summary = sections.map((s): [string, string] => [
    `Open invoices (${s.currency.toUpperCase()})`,
    `${s.lines.length} · ${formatMoney(s.total, s.currency)} due`,
  ]);
  return send(d, input, recipients, statementPrepared(d, customer, "open_item", "open-items.pdf", pdf, summary));
}

function statementPrepared(
  d: EmailDeps,
  customer: Customer,
  type: "open_item" | "balance_forward",
  filename: string,
  bytes: Uint8Array,
  summary: [string, string][],
  extraQuery = "",
): Prepared {
  return {
    customer,
    template: "statement_email",
    document: { object: "customer", id: customer.id, number: customer.number },
    subject: `Your account statement from ${d.tenant.name}`,
    pdf: { filename, bytes },
    mail: {
      brand: d.tenant,
      defaultMessage: `${d.tenant.name} has sent you a statement of your account.`,
      summary: summary.length ? summary : [["Balance", "Nothing is owed"]],
      button: { label: "View statement", url: `${d.origin}/statements?type=${type}${extraQuery ? `&${extraQuery}` : ""}` },
      attachmentNote: "The statement is attached as a PDF.",
    },
  };
}

/** The customer the mail is about: a disabled one cannot sign in, so its link would lead nowhere. */
async function reachableCustomer(d: EmailDeps, id: number): Promise<Customer> {
  const customer = await findCustomer(d.scope, id);
  if (!customer) throw notFound("customer");
  if (!customer.active) throw conflict("This customer is disabled and cannot open the portal; enable it before sending documents");
  return customer;
}

async function send(d: EmailDeps, input: DocumentEmailInput, recipients: Recipient[], p: Prepared): Promise<EmailObject[]> {
  const message = input.message ?? p.mail.defaultMessage;
  const subject = input.subject ?? p.subject;
  const attachment = { filename: p.pdf.filename, contentType: "application/pdf", content: base64(p.pdf.bytes) };
  const now = d.write.now;
  const out: EmailObject[] = [];
  for (const r of recipients) {
    const mail: DocumentMail = { ...p.mail, greeting: r.name ? `Hello ${r.name},` : "Hello,", message };
    const delivery = await deliver(
      d.mailer,
      {
        tenantId: d.tenant.id,
        to: { email: r.email, name: r.name },
        from: { email: d.from, name: d.tenant.name },
        ...(d.tenant.supportEmail ? { replyTo: d.tenant.supportEmail } : {}),
        subject,
        text: documentMailText(mail),
        html: documentMailHtml(mail),
        attachments: [attachment],
      },
      "document mail",
    );
    out.push(emailObject({ to: r, subject, message, template: p.template, now, failed: !delivery.ok }));
  }
  const events = out.map((email) =>
    eventStatement(
      d.scope,
      { type: "email.sent", customerId: p.customer.id, objectType: "email", objectId: email.id, data: { object: email, document: p.document } },
      who(d),
      now,
    ),
  );
  await d.scope.batch(events as [(typeof events)[0], ...typeof events]);
  return out;
}

/** Bytes as base64 (MailChannels' attachment encoding), in chunks so a large PDF does not overflow the call stack. */
function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
