import { CardFields } from "../../components/card-fields";
import type { FieldErrors } from "../../components/field-errors";
import { CsrfField } from "../../portal-context";
import { Checkbox, ErrorSummary, TextField } from "../billing/fields";

const CARD_LABELS: Record<string, string> = { number: "Card number", expiry: "Expiry date", cvc: "Security code", name: "Name on card" };
const BANK_LABELS: Record<string, string> = {
  routing_number: "Routing number",
  account_number: "Account number",
  account_holder_name: "Account holder name",
};

/** The card form's fields as typed (what the page shows again after an error). */
export type CardForm = { number: string; expiry: string; cvc: string; name: string; make_default: string };
/** The bank account form's fields as typed. */
export type BankForm = { routing_number: string; account_number: string; account_holder_name: string; make_default: string };

const DEFAULT_HINT = "Your first payment method always becomes the default.";

/**
 * The test gateway's card form (S41: test mode only; real card numbers are
 * refused). After an error the number and security code come back empty.
 */
export function CardFormFields(p: { form: CardForm; errors: FieldErrors }) {
  const e = p.errors;
  return (
    <form method="post" action="/payment-methods" class="stack-form" novalidate aria-labelledby="add-card-heading">
      <CsrfField />
      <input type="hidden" name="type" value="card" />
      <ErrorSummary errors={e} idPrefix="card-" labels={CARD_LABELS} />
      <CardFields
        idPrefix="card-"
        names={{ number: "number", expiry: "expiry", cvc: "cvc", name: "name" }}
        values={p.form}
        errors={e}
        numberHint="Test mode: use 4242 4242 4242 4242. Other test cards: 5555 5555 5555 4444, 4000 0000 0000 0002 (declined)."
        cvcHint="3 digits on the back of the card; 4 on the front for American Express."
        nameRequired
      />
      <Checkbox
        id="card-make_default"
        name="make_default"
        label="Make this my default payment method"
        checked={p.form.make_default !== ""}
        hint={DEFAULT_HINT}
      />
      <button type="submit">Save card</button>
    </form>
  );
}

/** The test gateway's US bank account form. After an error the account number comes back empty. */
export function BankFormFields(p: { form: BankForm; errors: FieldErrors }) {
  const e = p.errors;
  return (
    <form method="post" action="/payment-methods" class="stack-form" novalidate aria-labelledby="add-bank-heading">
      <CsrfField />
      <input type="hidden" name="type" value="bank_account" />
      <ErrorSummary errors={e} idPrefix="bank-" labels={BANK_LABELS} />
      <TextField
        id="bank-routing_number"
        name="routing_number"
        label="Routing number"
        value={p.form.routing_number}
        error={e.routing_number}
        hint="Test mode: use 110000000."
        inputmode="numeric"
        autocomplete="off"
        required
        maxlength={20}
      />
      <TextField
        id="bank-account_number"
        name="account_number"
        label="Account number"
        value={p.form.account_number}
        error={e.account_number}
        hint="Test mode: use 000123456789."
        inputmode="numeric"
        autocomplete="off"
        required
        maxlength={30}
      />
      <TextField
        id="bank-account_holder_name"
        name="account_holder_name"
        label="Account holder name"
        value={p.form.account_holder_name}
        error={e.account_holder_name}
        autocomplete="name"
        required
        maxlength={100}
      />
      <Checkbox
        id="bank-make_default"
        name="make_default"
        label="Make this my default payment method"
        checked={p.form.make_default !== ""}
        hint={DEFAULT_HINT}
      />
      <button type="submit">Save bank account</button>
    </form>
  );
}
