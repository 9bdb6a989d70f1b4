import * as z from "../../../lib/zod";

/** The customer's answer to an estimate (S34): approve with initials, or decline with a reason. */

/** The revision the answered form showed; a missing or malformed one is -1, never matches, and is refused as stale. */
const revision = () => z.string().transform((v) => (/^\d{1,9}$/.test(v) ? Number(v) : -1));

export const approvalForm = z.once(() =>
  z.object({
    agree: z.literal("yes", { error: "Tick the box to agree to the terms of this estimate." }),
    initials: z.string().trim().min(1, "Type your initials or full name.").max(100, "Use at most 100 characters for your initials or name."),
    revision: revision(),
  }),
);

export const declineForm = z.once(() =>
  z.object({
    reason: z
      .string()
      .trim()
      .max(1000, "Keep the reason to at most 1000 characters.")
      .transform((s) => (s ? s : null)),
    revision: revision(),
  }),
);
