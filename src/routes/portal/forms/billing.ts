import type { ContactFields } from "../../../db/queries/contacts";
import type { BillingProfile } from "../../../db/queries/customers";
import * as z from "../../../lib/zod";
import type { ContactForm } from "../../../services/billing/contacts";
import { countryName, isCountryCode, postalRule, stateRule, usesPostalCode } from "../../../services/billing/countries";
import type { ProfileForm } from "../../../services/billing/profile";
import type { FieldErrors } from "../../../views/components/field-errors";
import { optionalEmail, optionalPhone, orNull, text } from "./fields";
import { parseForm } from "./parse-form";

/** The billing page's two forms: the customer's billing details and a contact. */

const profileSchema = z.once(() =>
  z
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
          ctx.addIssue({
            code: "custom",
            path: ["postal_code"],
            message: `This is not a postal code of ${countryName(v.country)}. Example: ${postal.example}.`,
          });
        }
      }
    }),
);

/** Validates the billing form and turns it into column values (empty -> null, codes upper-cased). */
export function parseProfile(
  body: Record<string, unknown>,
): { form: ProfileForm } & ({ ok: true; profile: BillingProfile } | { ok: false; errors: FieldErrors }) {
  const parsed = parseForm(profileSchema(), body);
  if (!parsed.ok) return parsed;
  const { form, value: v } = parsed;
  const country = v.country || null;
  return {
    form,
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

const contactSchema = z.once(() =>
  z.object({
    name: text("Name", 200).min(1, "Enter the contact's name."),
    title: text("Title", 100),
    email: optionalEmail("Email"),
    phone: optionalPhone("Phone"),
    // a checkbox: present ("1") or absent
    primary: z.string(),
  }),
);

export function parseContact(
  body: Record<string, unknown>,
): { form: ContactForm } & ({ ok: true; fields: ContactFields } | { ok: false; errors: FieldErrors }) {
  const parsed = parseForm(contactSchema(), body);
  if (!parsed.ok) return parsed;
  const r = { data: parsed.value };
  return {
    form: parsed.form,
    ok: true,
    fields: {
      name: r.data.name,
      title: orNull(r.data.title),
      email: orNull(r.data.email.toLowerCase()),
      phone: orNull(r.data.phone),
      primary: r.data.primary !== "",
    },
  };
}
