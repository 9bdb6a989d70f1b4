import * as z from "../../../lib/zod";
import { normalizeEmail } from "../../../services/signin/mask";

/** The sign-in forms: the address to mail a link to, the code from the mail, the account picker. */

const EMAIL_MESSAGE = "Enter an email address like name@example.com";

/** `next`: where to go after signing in, checked later by safeNextPath (never a URL from here). */
const next = () => z.string();

export const emailForm = z.once(() =>
  z.object({
    // as typed, cut at 320 (longer than any address), then normalised and checked
    email: z
      .string()
      .transform((v) => normalizeEmail(v.slice(0, 320)))
      .pipe(z.email(EMAIL_MESSAGE).max(254, EMAIL_MESSAGE)),
    next: next(),
  }),
);

export const codeForm = z.once(() =>
  z.object({
    code: z
      .string()
      .transform((v) => v.slice(0, 64))
      .refine((v) => v.trim() !== "", "Enter the code from the email"),
    purpose: z.string().transform((v) => (v === "reauth" ? ("reauth" as const) : ("signin" as const))),
  }),
);

export const nextForm = z.once(() => z.object({ next: next() }));

export const switchForm = z.once(() =>
  z.object({
    next: next(),
    // a customer id; anything else is no customer (0), which finds nothing (404)
    customer: z.string().transform((v) => (/^[1-9][0-9]{0,14}$/.test(v) ? Number(v) : 0)),
  }),
);

/** The link page's button: `confirm_device=yes` when the customer confirms on another device (S6). */
export const linkForm = z.once(() => z.object({ confirm_device: z.string() }));
