import { randomString } from "../../lib/random";
import type { Recipient } from "./input";

/**
 * Invoiced's Email object, what `invoice.send` returns one of per recipient. Opens
 * and clicks are not tracked (no pixel, no rewritten links), so they stay 0.
 */

export type EmailTemplate = "new_invoice_email" | "estimate_email" | "statement_email";

export type EmailObject = ReturnType<typeof emailObject>;

export function emailObject(p: { to: Recipient; subject: string; message: string; template: EmailTemplate; now: number; failed: boolean }) {
  return {
    id: randomString(32, "0123456789abcdef"),
    object: "email" as const,
    state: p.failed ? ("failed" as const) : ("sent" as const),
    reject_reason: p.failed ? "The mail provider did not accept the message" : null,
    email: p.to.email,
    name: p.to.name,
    template: p.template,
    subject: p.subject,
    message: p.message,
    opens: 0,
    opens_detail: [],
    clicks: 0,
    clicks_detail: [],
    created_at: p.now,
    updated_at: p.now,
  };
}
