import { postalRule, stateRule, usesPostalCode } from "../../../services/billing/countries";
import type { ProfileForm } from "../../../services/billing/profile";
import type { FieldErrors } from "../../components/field-errors";
import { TextField } from "./fields";

/**
 * State and postal code, shaped by the chosen country: required with a hint for
 * the countries we check (US, CA, AU ...), hidden where there are no postal codes.
 * With JavaScript the block is re-fetched when the country changes; without it,
 * the server's answer to the submitted form shows the right fields.
 */
export function AddressRegion(p: { form: ProfileForm; errors: FieldErrors }) {
  const country = p.form.country.toUpperCase();
  const states = country ? stateRule(country) : undefined;
  const postal = country ? postalRule(country) : undefined;
  const showPostal = !country || usesPostalCode(country);
  return (
    <div id="address-region" class="address-region">
      <TextField
        id="billing-state"
        name="state"
        label={states?.label ?? "State, province or region"}
        value={p.form.state}
        error={p.errors.state}
        hint={states ? `The ${states.label.toLowerCase()} code, for example ${states.codes[1]}.` : undefined}
        required={!!states}
        autocomplete="address-level1"
        maxlength={100}
      />
      {showPostal ? (
        <TextField
          id="billing-postal_code"
          name="postal_code"
          label={country === "US" ? "ZIP code" : "Postal code"}
          value={p.form.postal_code}
          error={p.errors.postal_code}
          hint={postal ? `For example ${postal.example}.` : undefined}
          required={!!postal}
          autocomplete="postal-code"
          maxlength={20}
        />
      ) : (
        <input type="hidden" name="postal_code" value="" />
      )}
    </div>
  );
}
