import { TextField } from "../pages/billing/fields";
import type { FieldErrors } from "./field-errors";

type CardPart = "number" | "expiry" | "cvc" | "name";

/**
 * The test gateway's card fields (S41: test mode only), shared by the payment-method
 * form and the sign-up page: the same labels, autocomplete and input modes on both.
 * Each field's id is `idPrefix` + its posted name, so error links find it.
 */
export function CardFields(p: {
  idPrefix: string;
  names: Record<CardPart, string>;
  values: Record<CardPart, string>;
  errors: FieldErrors;
  numberHint: string;
  cvcHint?: string;
  nameRequired?: boolean;
}) {
  const field = (k: CardPart) => ({ id: `${p.idPrefix}${p.names[k]}`, name: p.names[k], value: p.values[k], error: p.errors[p.names[k]] });
  return (
    <>
      <TextField {...field("number")} label="Card number" hint={p.numberHint} autocomplete="cc-number" inputmode="numeric" required maxlength={30} />
      <TextField {...field("expiry")} label="Expiry date" hint="MM/YY, for example 12/30." autocomplete="cc-exp" required maxlength={10} />
      <TextField {...field("cvc")} label="Security code (CVC)" hint={p.cvcHint} autocomplete="cc-csc" inputmode="numeric" required maxlength={8} />
      <TextField {...field("name")} label="Name on card" autocomplete="cc-name" required={p.nameRequired} maxlength={100} />
    </>
  );
}
