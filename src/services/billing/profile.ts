import { z } from "zod";
import { type BillingProfile, updateBillingProfile } from "../../db/queries/billing-profile";
import { revokeCustomerSessions } from "../../db/queries/sessions";
import type { Customer } from "../../db/queries/types";
import { eventStatement } from "../../db/events";
import type { BillingCtx } from "./context";
import { isCountryCode, postalRule, stateRule, usesPostalCode, countryName } from "./countries";
import { type FieldErrors, issuesByField, optionalEmail, optionalPhone, orNull, text } from "./form";

/** Form field names, as the API and the HTML form call them. */
export const PROFILE_FIELDS = [
  "name",
  "email",
  "phone",
  "address1",
  "address2",
  "city",
  "state",
  "postal_code",
  "country",
  "tax_id",
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type ProfileForm = Record<ProfileField, string>;

const COLUMN: Record<ProfileField, keyof BillingProfile> = {
  name: "name",
  email: "email",
  phone: "phone",
  address1: "address1",
  address2: "address2",
  city: "city",
  state: "state",
  postal_code: "postalCode",
  country: "country",
  tax_id: "taxId",
};

const schema = z
  .object({
    name: text("Name", 200).min(1, "Enter the name to bill."),
    email: optionalEmail("Billing email"),
    phone: optionalPhone("Phone"),
    address1: text("Address line 1", 200),
    address2: text("Address line 2", 200),
    city: text("City", 100),
    state: text("State or region", 100),
    postal_code: text("Postal code", 20),
    country: text("Country", 2).transform((v) => v.toUpperCase()),
    tax_id: text("Tax ID", 64),
  })
  .superRefine((v, ctx) => {
    if (v.country === "") {
      if (v.address1 || v.city) ctx.addIssue({ code: "custom", path: ["country"], message: "Choose the country of this address." });
      return;
    }
    if (!isCountryCode(v.country)) {
      ctx.addIssue({ code: "custom", path: ["country"], message: "Choose a country from the list." });
      return;
    }
    const states = stateRule(v.country);
    if (states) {
      const label = states.label.toLowerCase();
      if (v.state === "") ctx.addIssue({ code: "custom", path: ["state"], message: `Enter the ${label} for ${countryName(v.country)}.` });
      else if (!states.codes.includes(v.state.toUpperCase())) {
        ctx.addIssue({ code: "custom", path: ["state"], message: `Enter the ${label} as its code, for example ${states.codes[1]}.` });
      }
    }
    const postal = postalRule(v.country);
    if (postal) {
      if (v.postal_code === "") ctx.addIssue({ code: "custom", path: ["postal_code"], message: `Enter the postal code, for example ${postal.example}.` });
      else if (!postal.re.test(v.postal_code)) {
        ctx.addIssue({ code: "custom", path: ["postal_code"], message: `This is not a postal code of ${countryName(v.country)}. Example: ${postal.example}.` });
      }
    }
  });

export type ParsedProfile = { ok: true; profile: BillingProfile } | { ok: false; errors: FieldErrors };

/** Validates the billing form and turns it into column values (empty -> null, codes upper-cased). */
export function parseProfile(form: ProfileForm): ParsedProfile {
  const r = schema.safeParse(form);
  if (!r.success) return { ok: false, errors: issuesByField(r.error) };
  const v = r.data;
  const country = v.country || null;
  return {
    ok: true,
    profile: {
      name: v.name,
      email: orNull(v.email.toLowerCase()),
      phone: orNull(v.phone),
      address1: orNull(v.address1),
      address2: orNull(v.address2),
      city: orNull(v.city),
      state: orNull(country && stateRule(country) ? v.state.toUpperCase() : v.state),
      // Where the country has no postal codes the form hides the field: nothing sent is stored.
      postalCode: country && !usesPostalCode(country) ? null : orNull(country && postalRule(country) ? v.postal_code.toUpperCase() : v.postal_code),
      country,
      taxId: orNull(v.tax_id),
    },
  };
}

/** The form as the customer's row fills it (for the first render). */
export function profileForm(c: Customer): ProfileForm {
  const out = {} as ProfileForm;
  for (const f of PROFILE_FIELDS) out[f] = (c[COLUMN[f]] as string | null) ?? "";
  return out;
}

/** API names of the fields whose stored value would change. */
export function changedFields(current: Customer, next: BillingProfile): ProfileField[] {
  return PROFILE_FIELDS.filter((f) => (current[COLUMN[f]] ?? null) !== (next[COLUMN[f]] ?? null));
}

/**
 * Saves the changed fields, records `customer.updated` with their names (not
 * values: the audit trail should not copy personal data around) and, when the
 * billing email changed, ends the customer's other sessions (S22): one atomic batch.
 */
export async function saveBillingProfile(
  x: BillingCtx,
  current: Customer,
  next: BillingProfile,
  currentSessionId: string,
): Promise<ProfileField[]> {
  const { scope, my, now } = x;
  const changed = changedFields(current, next);
  if (!changed.length) return changed;
  const set: Partial<BillingProfile> = {};
  for (const f of changed) (set as Record<string, unknown>)[COLUMN[f]] = next[COLUMN[f]];
  const update = updateBillingProfile(my, set, now);
  const event = eventStatement(
    scope,
    { type: "customer.updated", customerId: my.customerId, objectType: "customer", objectId: my.customerId, data: { fields: changed } },
    x.who,
    now,
  );
  if (changed.includes("email")) {
    await my.batch([update, event, revokeCustomerSessions(scope, my.customerId, now, currentSessionId)]);
  } else {
    await my.batch([update, event]);
  }
  return changed;
}
