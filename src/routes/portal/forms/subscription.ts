import * as z from "../../../lib/zod";
import { CANCEL_REASONS, type CancelReason } from "../../../services/subscription-portal/rules";

/**
 * The subscription forms of the portal (issue 15). Every form carries the
 * `version` of the subscription the page showed: a missing or malformed one is
 * -1, never matches, and is refused as stale.
 */

// built on first use (z.once): a module every page's isolate loads
const schemas = z.once(() => {
  const version = z.string().transform((v) => (/^\d{1,9}$/.test(v) ? Number(v) : -1));

  const quantity = z
    .string()
    .trim()
    .regex(/^\d{1,7}$/, "Enter a whole number.")
    .transform(Number);

  /** The preview (GET): priced from the subscription as it is now, whatever page it came from. */
  const changeQuery = z.object({
    plan: z.string().trim().min(1, "Choose a plan.").max(100),
    quantity,
  });

  /** The confirm (POST): the version the preview was priced from, and the instant it was priced at. */
  const changeConfirm = changeQuery.extend({
    version,
    proration_date: z
      .string()
      .regex(/^\d{1,12}$/, "This preview has expired. Preview the change again.")
      .transform(Number),
  });

  const versionForm = z.object({ version });

  const reasons = Object.keys(CANCEL_REASONS) as CancelReason[];

  const cancelForm = z.object({
    when: z.enum(["period_end", "now"], { error: "Choose when the subscription should end." }).catch("period_end"),
    reason: z.enum(["", ...reasons], { error: "Choose one of the reasons, or none." }).transform((v) => (v === "" ? null : v)),
    details: z
      .string()
      .trim()
      .max(200, "Keep it to at most 200 characters.")
      .transform((v) => (v ? v : null)),
    version,
    offer_declined: z.string(),
  });
  return { changeQuery, changeConfirm, versionForm, cancelForm };
});

export const changeQuery = () => schemas().changeQuery;
export const changeConfirm = () => schemas().changeConfirm;
export const versionForm = () => schemas().versionForm;
export const cancelForm = () => schemas().cancelForm;
