import { documentContactsOf } from "../../db/queries/contacts";
import type { Customer } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { validate } from "../../lib/api/validate";
import { invalidRequest } from "../../lib/api-error";
import * as z from "../../lib/zod";
import { optionalLineText, optionalText } from "../api/wire";

/**
 * What `POST /invoices/{id}/emails`, `/estimates/{id}/emails` and
 * `/customers/{id}/emails` take, as Invoiced's clients send it
 * (`invoice.send(to: [{name:, email:}], subject:, message:)`), and who receives the mail.
 */

/** At most this many recipients per send: a typo in a loop must not mail a list (and MailChannels bills per message). */
const MAX_RECIPIENTS = 10;

const address = z
  .string()
  .trim()
  .max(254, "must be at most 254 characters")
  .refine((v) => z.email().safeParse(v).success, "must be a valid email address");

const recipient = z.strictObject({ email: address, name: optionalLineText(100).optional() });

const common = {
  to: z
    .array(recipient)
    .min(1, "must name at least one recipient, or be left out for the customer's own addresses")
    .max(MAX_RECIPIENTS, `at most ${MAX_RECIPIENTS} recipients`),
  /** Invoiced's comma-separated blind copies: sent as separate messages here, counted in the cap */
  bcc: z.string().max(2000).nullable(),
  subject: optionalLineText(200),
  message: optionalText(5000),
};

const documentEmailSchema = z.strictObject(common).partial();

/** Statements also name their kind (Invoiced: `type`), and for balance forward the period's `start`. */
const statementEmailSchema = z
  .strictObject({
    ...common,
    type: z.enum(["open_item", "balance_forward"]),
    start: z.int().min(0).max(4_102_444_800),
    end: z.int().min(0).max(4_102_444_800),
    items: z.unknown(),
  })
  .partial();

export type DocumentEmailInput = z.output<typeof documentEmailSchema>;

export type Recipient = { email: string; name: string | null };

export const parseDocumentEmail = (body: unknown) => validate(documentEmailSchema, body);
export const parseStatementEmail = (body: unknown) => validate(statementEmailSchema, body);

/**
 * The recipients: `to` (and `bcc`) when given, else the customer's email and its
 * contacts flagged to receive documents. Addresses are deduplicated without regard to
 * case; none at all, or more than MAX_RECIPIENTS, is a 400 that says so.
 */
export async function resolveRecipients(scope: TenantScope, customer: Customer, input: DocumentEmailInput): Promise<Recipient[]> {
  const listed: Recipient[] = [];
  if (input.to || input.bcc) {
    for (const r of input.to ?? []) listed.push({ email: r.email, name: r.name ?? null });
    for (const raw of (input.bcc ?? "").split(",")) {
      const email = raw.trim();
      if (!email) continue;
      if (!address.safeParse(email).success) throw invalidRequest(`bcc: ${email.slice(0, 60)} is not a valid email address`, "bcc");
      listed.push({ email, name: null });
    }
  } else {
    if (customer.email) listed.push({ email: customer.email, name: customer.name });
    for (const c of await documentContactsOf(scope, customer.id)) if (c.email) listed.push({ email: c.email, name: c.name });
  }
  const seen = new Set<string>();
  const out = listed.filter((r) => {
    const key = r.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!out.length) throw invalidRequest("The customer has no email address and no contact that receives documents; pass `to`", "to");
  if (out.length > MAX_RECIPIENTS) throw invalidRequest(`At most ${MAX_RECIPIENTS} recipients per send`, "to");
  return out;
}
