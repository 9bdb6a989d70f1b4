import type { ContactForm } from "../../../services/billing/contacts";
import type { FieldErrors } from "../../components/field-errors";
import { Layout } from "../../layout";
import { ContactFormFields } from "./contact-form";

/** /billing/contacts/{id}: edit one contact. */
export function ContactEditPage(p: { contactId: number; form: ContactForm; errors: FieldErrors }) {
  return (
    <Layout title="Edit contact" active="billing">
      <h1>Edit contact</h1>
      <p>
        <a href="/billing">Back to billing details</a>
      </p>
      <ContactFormFields action={`/billing/contacts/${p.contactId}`} form={p.form} errors={p.errors} submitLabel="Save contact" idPrefix="contact-" />
    </Layout>
  );
}
