import { stripControlChars } from "../../lib/control-chars";
import type { Mailer, MailMessage } from "./types";

/**
 * The message with every header-bound value (subject, names, addresses) on one line:
 * names are refused with control characters at input, but rows written before that
 * rule, or by code that forgot it, must still not inject a header (issue 12.4).
 */
function headerSafe(msg: MailMessage): MailMessage {
  const name = (n: string | null | undefined) => (n == null ? n : stripControlChars(n));
  return {
    ...msg,
    subject: stripControlChars(msg.subject),
    to: { email: stripControlChars(msg.to.email), name: name(msg.to.name) },
    ...(msg.from
      ? { from: { email: stripControlChars(msg.from.email), ...(msg.from.name !== undefined ? { name: stripControlChars(msg.from.name) } : {}) } }
      : {}),
    ...(msg.replyTo !== undefined ? { replyTo: stripControlChars(msg.replyTo) } : {}),
  };
}

/** A transport that only ever sees header-safe messages. */
export const headerSafeMailer = (inner: Mailer): Mailer => ({ send: (msg) => inner.send(headerSafe(msg)) });
