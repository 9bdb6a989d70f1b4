import type { Child } from "hono/jsx";
import { countryOptions } from "../../services/billing/countries";
import { SelectField, TextField } from "../pages/billing/fields";
import type { FieldErrors } from "./field-errors";

type AddressPart = "address1" | "address2" | "city" | "state" | "postal_code" | "country";
export type AddressValues = Record<AddressPart, string>;

const countries = () => [{ value: "", label: "Choose a country" }, ...countryOptions().map((c) => ({ value: c.code, label: c.name }))];

/**
 * An address's fields, shared by the billing-details form and the sign-up page's
 * billing and shipping addresses: street lines, city, country, then state and postal
 * code (or `region`, the billing form's country-shaped block). Each field's id is
 * `idPrefix` + its posted name (`namePrefix` + the part), so error links find it.
 */
export function AddressFields(p: {
  idPrefix: string;
  namePrefix?: string;
  values: AddressValues;
  errors: FieldErrors;
  /** the street, city, postal code and country must be given */
  required?: boolean;
  /** labels of the street lines: "Address line 1" unless told */
  lineLabels?: [string, string];
  /** attributes of the country select (the billing form's htmx re-draw) */
  countryAttrs?: Record<string, string>;
  /** replaces the plain state and postal code fields */
  region?: Child;
}) {
  const field = (k: AddressPart) => {
    const name = `${p.namePrefix ?? ""}${k}`;
    return { id: `${p.idPrefix}${name}`, name, value: p.values[k], error: p.errors[name] };
  };
  const [line1, line2] = p.lineLabels ?? ["Address line 1", "Address line 2"];
  return (
    <>
      <TextField {...field("address1")} label={line1} autocomplete="address-line1" required={p.required} maxlength={200} />
      <TextField {...field("address2")} label={line2} autocomplete="address-line2" maxlength={200} />
      <TextField {...field("city")} label="City" autocomplete="address-level2" required={p.required} maxlength={100} />
      <SelectField
        {...field("country")}
        value={p.values.country.toUpperCase()}
        label="Country"
        options={countries()}
        autocomplete="country"
        required={p.required}
        attrs={p.countryAttrs}
      />
      {p.region ?? (
        <>
          <TextField {...field("state")} label="State or region" autocomplete="address-level1" maxlength={100} />
          <TextField {...field("postal_code")} label="Postal code" autocomplete="postal-code" required={p.required} maxlength={20} />
        </>
      )}
    </>
  );
}
