import type { ContactForm } from "../../../services/billing/contacts";
import type { FieldErrors } from "../../components/field-errors";
import { CsrfField } from "../../portal-context";
import { Checkbox, ErrorSummary, TextField } from "./fields";

const CONTACT_LABELS: Record<string, string> = { name: "Name", title: "Title", email: "Email", phone: "Phone" };

/** Add or edit one contact. `action` is /billing/contacts or /billing/contacts/{id}. */
export function ContactFormFields(p: {
  action: string;
  form: ContactForm;
  errors: FieldErrors;
  submitLabel: string;
  /** distinguishes the ids of the add form from an edit form */
  idPrefix: string;
}) {
  const id = (f: string) => `${p.idPrefix}${f}`;
  return (
    <form method="post" action={p.action} class="stack-form" novalidate>
      <CsrfField />
      <ErrorSummary errors={p.errors} idPrefix={p.idPrefix} labels={CONTACT_LABELS} />
      <TextField id={id("name")} name="name" label="Name" value={p.form.name} error={p.errors.name} required autocomplete="off" maxlength={200} />
      <TextField id={id("title")} name="title" label="Title" value={p.form.title} error={p.errors.title} autocomplete="off" maxlength={100} />
      <TextField
        id={id("email")}
        name="email"
        type="email"
        label="Email"
        value={p.form.email}
        error={p.errors.email}
        hint="This address can also be used to sign in to this portal."
        autocomplete="off"
        maxlength={254}
      />
      <TextField id={id("phone")} name="phone" type="tel" label="Phone" value={p.form.phone} error={p.errors.phone} autocomplete="off" maxlength={40} />
      <Checkbox id={id("primary")} name="primary" label="Primary contact" checked={p.form.primary === "1"} hint="Only one contact can be primary." />
      <button type="submit" class="button primary">
        {p.submitLabel}
      </button>
    </form>
  );
}
