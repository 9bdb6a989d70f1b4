import type { PaymentSource } from "../../../db/queries/payment-sources";
import { describeMethod } from "../../../presentation/payment-methods";
import { describedBy, FieldError } from "./parts";

export type MethodState = {
  method: string;
  cardExpiry: string;
  cardName: string;
  bankRouting: string;
  bankHolder: string;
  saveMethod: boolean;
};

export function sourceLabel(s: Pick<PaymentSource, "type" | "brand" | "bankName" | "last4" | "expMonth" | "expYear">): string {
  const name = describeMethod({ method: s.type, methodBrand: s.brand ?? s.bankName, methodLast4: s.last4 });
  return s.expMonth && s.expYear ? `${name} (expires ${String(s.expMonth).padStart(2, "0")}/${s.expYear})` : name;
}

type Input = {
  id: string;
  label: string;
  value?: string;
  autocomplete: string;
  inputmode?: "numeric" | "text";
  hint?: string;
  maxlength: number;
  errors: Record<string, string>;
};

function TextInput(p: Input) {
  const error = p.errors[p.id];
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={p.id}>{p.label}</label>
      {p.hint && (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      <input
        type="text"
        id={p.id}
        name={p.id}
        value={p.value ?? ""}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        maxlength={p.maxlength}
        spellcheck={false}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(p.id, { hint: !!p.hint, error })}
      />
      <FieldError id={p.id} message={error} />
    </div>
  );
}

function Radio(p: { value: string; label: string; checked: boolean; hint?: string }) {
  const id = `method-${p.value}`;
  return (
    <div class="check">
      <input type="radio" id={id} name="method" value={p.value} checked={p.checked} aria-describedby={p.hint ? `${id}-hint` : undefined} />
      <label for={id}>
        {p.label}
        {p.hint && (
          <span class="hint" id={`${id}-hint`}>
            {p.hint}
          </span>
        )}
      </label>
    </div>
  );
}

/**
 * How to pay. Every choice's fields are in the page (no JavaScript needed); the
 * stylesheet hides those of unchosen radios where the browser supports :has(),
 * and the server reads only the chosen method's fields. Card number and CVC are
 * never put back into the page.
 */
export function MethodFields(p: { flow: "direct" | "hosted"; sources: PaymentSource[]; state: MethodState; errors: Record<string, string> }) {
  const e = p.errors;
  return (
    <fieldset class="pay-methods" id="pay-method" aria-describedby={e.method ? "method-error" : undefined}>
      <legend>Payment method</legend>
      <FieldError id="method" message={e.method} />
      {p.sources.map((s) => (
        <Radio value={`source_${s.publicId}`} label={sourceLabel(s)} checked={p.state.method === `source_${s.publicId}`} />
      ))}
      {p.flow === "direct" ? (
        <>
          <Radio value="new_card" label="A new card" checked={p.state.method === "new_card"} />
          <div class="method-fields" id="new-card-fields">
            <TextInput
              id="card_number"
              label="Card number"
              autocomplete="cc-number"
              inputmode="numeric"
              maxlength={23}
              hint="Test mode: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined."
              errors={e}
            />
            <TextInput id="card_expiry" label="Expiry date (MM/YY)" value={p.state.cardExpiry} autocomplete="cc-exp" maxlength={7} errors={e} />
            <TextInput id="card_cvc" label="Security code (CVC)" autocomplete="cc-csc" inputmode="numeric" maxlength={4} errors={e} />
            <TextInput id="card_name" label="Name on the card" value={p.state.cardName} autocomplete="cc-name" maxlength={100} errors={e} />
          </div>
          <Radio value="new_bank" label="A new bank account (ACH)" checked={p.state.method === "new_bank"} />
          <div class="method-fields" id="new-bank-fields">
            <TextInput
              id="bank_routing"
              label="Routing number"
              value={p.state.bankRouting}
              autocomplete="off"
              inputmode="numeric"
              maxlength={9}
              hint="Test mode: routing 110000000, account 000123456789."
              errors={e}
            />
            <TextInput id="bank_account" label="Account number" autocomplete="off" inputmode="numeric" maxlength={17} errors={e} />
            <TextInput id="bank_holder" label="Account holder's name" value={p.state.bankHolder} autocomplete="name" maxlength={100} errors={e} />
          </div>
        </>
      ) : (
        <Radio
          value="checkout"
          label="A new card or bank account"
          hint="You enter it on Stripe's secure payment page; it never passes through this site."
          checked={p.state.method === "checkout"}
        />
      )}
      <div class="check save-method">
        <input type="checkbox" id="save_method" name="save_method" value="1" checked={p.state.saveMethod} aria-describedby="save_method-hint" />
        <label for="save_method">
          Save a new payment method for future payments
          <span class="hint" id="save_method-hint">
            Only used for a new card or bank account.
          </span>
        </label>
      </div>
    </fieldset>
  );
}
