import type { Contact } from "../../../db/queries/contacts";
import type { ContactForm } from "../../../services/billing/contacts";
import type { ProfileForm } from "../../../services/billing/profile";
import { AddressFields } from "../../components/address-fields";
import type { FieldErrors } from "../../components/field-errors";
import { Layout } from "../../layout";
import { CsrfField, useCustomer, usePortal } from "../../portal-context";
import { AddressRegion } from "./address-region";
import { ContactFormFields } from "./contact-form";
import { ContactsTable } from "./contacts-table";
import { ErrorSummary, Notice, TextField } from "./fields";

export type BillingPageProps = {
  details: { form: ProfileForm; errors: FieldErrors };
  contacts: Contact[];
  newContact: { form: ContactForm; errors: FieldErrors };
  notice?: string;
};

const PROFILE_LABELS: Record<string, string> = {
  name: "Name",
  email: "Billing email",
  phone: "Phone",
  address1: "Address line 1",
  address2: "Address line 2",
  city: "City",
  state: "State",
  postal_code: "Postal code",
  country: "Country",
  tax_id: "Tax ID",
};

/** /billing: the customer's billing details and contacts, editable when the merchant allows it. */
export function BillingPage(p: BillingPageProps) {
  const { tenant } = usePortal();
  const canEdit = tenant.allowBillingPortalProfileChanges;
  return (
    <Layout title="Billing details" active="billing">
      <h1>Billing details</h1>
      <p>
        <a href="/payment-methods">Payment methods and AutoPay</a>
      </p>
      {p.notice && <Notice>{p.notice}</Notice>}
      <section aria-labelledby="details-heading">
        <h2 id="details-heading">Billing information</h2>
        {canEdit ? <DetailsForm {...p} /> : <DetailsReadOnly />}
      </section>
      <section aria-labelledby="contacts-heading">
        <h2 id="contacts-heading">Contacts</h2>
        <ContactsTable contacts={p.contacts} editable={tenant.allowEditingContacts} />
        {tenant.allowEditingContacts ? (
          <>
            <h3 id="add-contact">Add a contact</h3>
            <ContactFormFields action="/billing/contacts" form={p.newContact.form} errors={p.newContact.errors} submitLabel="Add contact" idPrefix="contact-" />
          </>
        ) : (
          <p>To change your contacts, please get in touch with {tenant.name}.</p>
        )}
      </section>
    </Layout>
  );
}

function DetailsForm(p: BillingPageProps) {
  const { form, errors } = p.details;
  return (
    <form method="post" action="/billing" class="stack-form" novalidate>
      <CsrfField />
      <ErrorSummary errors={errors} idPrefix="billing-" labels={PROFILE_LABELS} />
      <TextField id="billing-name" name="name" label="Name" value={form.name} error={errors.name} required autocomplete="organization" maxlength={200} />
      <TextField
        id="billing-email"
        name="email"
        type="email"
        label="Billing email"
        value={form.email}
        error={errors.email}
        hint="Invoices and receipts go here. Changing it signs you out on your other devices."
        autocomplete="email"
        maxlength={254}
      />
      <TextField id="billing-phone" name="phone" type="tel" label="Phone" value={form.phone} error={errors.phone} autocomplete="tel" maxlength={40} />
      <fieldset>
        <legend>Billing address</legend>
        <AddressFields
          idPrefix="billing-"
          values={form}
          errors={errors}
          countryAttrs={{
            // With JavaScript, re-draw state and postal code for the new country; without it the POST answer does.
            "hx-get": "/billing",
            "hx-trigger": "change",
            "hx-include": "#billing-state, #billing-postal_code",
            "hx-select": "#address-region",
            "hx-target": "#address-region",
            "hx-swap": "outerHTML",
            "hx-push-url": "false",
          }}
          region={<AddressRegion form={form} errors={errors} />}
        />
      </fieldset>
      <TextField
        id="billing-tax_id"
        name="tax_id"
        label="Tax ID"
        value={form.tax_id}
        error={errors.tax_id}
        hint="VAT, GST or other tax number."
        autocomplete="off"
        maxlength={64}
      />
      <button type="submit" class="button primary">
        Save billing details
      </button>
    </form>
  );
}

function DetailsReadOnly() {
  const { tenant } = usePortal();
  const c = useCustomer();
  const rows: [string, string | null][] = [
    ["Name", c.name],
    ["Billing email", c.email],
    ["Phone", c.phone],
    ["Address", [c.address1, c.address2, c.city, c.state, c.postalCode, c.country].filter(Boolean).join(", ") || null],
    ["Tax ID", c.taxId],
  ];
  return (
    <>
      <dl class="details-list">
        {rows.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v ?? "Not given"}</dd>
          </>
        ))}
      </dl>
      <p>To change these details, please get in touch with {tenant.name}.</p>
    </>
  );
}
