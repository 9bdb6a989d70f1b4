import type { FieldErrors } from "../../components/field-errors";
import { Layout } from "../../layout";
import { CsrfField } from "../../portal-context";
import { Checkbox } from "../billing/fields";
import { type BankForm, BankFormFields, type CardForm, CardFormFields } from "./typed-forms";

export type NewMethodPageProps = {
  /** direct: our own test forms; hosted: a button to the provider's secure page */
  flow: "direct" | "hosted";
  card: { form: CardForm; errors: FieldErrors };
  bank: { form: BankForm; errors: FieldErrors };
  /** a problem that is not one field's (the provider could not be reached) */
  error?: string;
};

/** /payment-methods/new: add a card or bank account. */
export function NewMethodPage(p: NewMethodPageProps) {
  return (
    <Layout title="Add a payment method" active="billing">
      <h1>Add a payment method</h1>
      <p>
        <a href="/payment-methods">Back to payment methods</a>
      </p>
      {p.error && (
        <div class="notice-error" role="alert">
          <p>{p.error}</p>
        </div>
      )}
      {p.flow === "direct" ? (
        <>
          <section aria-labelledby="add-card-heading">
            <h2 id="add-card-heading">Add a card</h2>
            <CardFormFields form={p.card.form} errors={p.card.errors} />
          </section>
          <section aria-labelledby="add-bank-heading">
            <h2 id="add-bank-heading">Add a bank account</h2>
            <BankFormFields form={p.bank.form} errors={p.bank.errors} />
          </section>
        </>
      ) : (
        <section aria-labelledby="hosted-heading">
          <h2 id="hosted-heading">Card or bank account</h2>
          <p>
            You enter your card or bank details on our payment provider's secure page (Stripe). They never pass through this portal. Afterwards you come back
            here.
          </p>
          {/* No htmx here: the answer is a redirect to another site, which only a real navigation can follow. */}
          <form method="post" action="/payment-methods/checkout" class="stack-form" hx-boost="false">
            <CsrfField />
            <Checkbox
              id="hosted-make_default"
              name="make_default"
              label="Make this my default payment method"
              checked={false}
              hint="Your first payment method always becomes the default."
            />
            <button type="submit">Continue to the secure page</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
