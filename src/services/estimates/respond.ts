import { z } from "zod";
import { approveMyEstimate, declineMyEstimate } from "../../db/queries/estimate-approvals";
import { type Estimate, findMyEstimate, type LineItem } from "../../db/queries/estimates";
import type { CustomerScope } from "../../db/scope";
import { estimateHash } from "./hash";
import { refusalMessage } from "./status";

/** What a customer types; errors are per field so the form can point at them. */
export type FieldErrors = Partial<Record<"agree" | "initials" | "reason", string>>;

const approvalSchema = z.object({
  agree: z.literal("yes", { error: "Tick the box to agree to the terms of this estimate." }),
  initials: z
    .string({ error: "Type your initials or full name." })
    .trim()
    .min(1, "Type your initials or full name.")
    .max(100, "Use at most 100 characters for your initials or name."),
});

const declineSchema = z.object({
  reason: z
    .string()
    .trim()
    .max(1000, "Keep the reason to at most 1000 characters.")
    .optional()
    .transform((s) => (s ? s : null)),
});

type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

function parse<T>(schema: z.ZodType<T>, body: Record<string, unknown>): Parsed<T> {
  const r = schema.safeParse(body);
  if (r.success) return { ok: true, value: r.data };
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const field = issue.path[0] as keyof FieldErrors;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

export const parseApproval = (body: Record<string, unknown>) => parse(approvalSchema, body);
export const parseDecline = (body: Record<string, unknown>) => parse(declineSchema, body);

export type Who = {
  sessionId: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  now: number;
};

export type Outcome = { ok: true } | { ok: false; message: string };

/**
 * S34: approve through one conditional write that also stores what was agreed
 * (who, when, from where, and the hash of the estimate at the revision read).
 *
 * `seenRevision` is the revision the customer's form was rendered with: if the
 * merchant changed the estimate since, the customer has not seen what would be
 * stored, so the answer is refused (409) and the page shows the new version.
 */
export async function approveEstimate(
  my: CustomerScope,
  e: Estimate,
  lines: LineItem[],
  initials: string,
  who: Who,
  seenRevision: number = e.revision,
): Promise<Outcome> {
  if (seenRevision !== e.revision) return refused(my, e, who.now);
  const documentHash = await estimateHash(e, lines);
  let done: boolean;
  try {
    done = await approveMyEstimate(my, e, { ...who, initials, documentHash });
  } catch (err) {
    // the unique index on estimate_approvals is the last line of defence
    if (!/UNIQUE constraint/i.test(String(err))) throw err;
    done = false;
  }
  return done ? { ok: true } : refused(my, e, who.now);
}

export async function declineEstimate(
  my: CustomerScope,
  e: Estimate,
  reason: string | null,
  who: Who,
  seenRevision: number = e.revision,
): Promise<Outcome> {
  if (seenRevision !== e.revision) return refused(my, e, who.now);
  const done = await declineMyEstimate(my, e, { reason, now: who.now, ip: who.ip, userAgent: who.userAgent });
  return done ? { ok: true } : refused(my, e, who.now);
}

/** The refusal names the estimate's state as it is now, not as the form saw it. */
async function refused(my: CustomerScope, e: Estimate, now: number): Promise<Outcome> {
  const current = await findMyEstimate(my, e.publicId);
  if (!current) return { ok: false, message: "This estimate is no longer available." };
  return { ok: false, message: refusalMessage(current, now) };
}
