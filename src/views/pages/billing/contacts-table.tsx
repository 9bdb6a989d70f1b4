import type { Contact } from "../../../db/queries/contacts";

/** The customer's contacts; edit and remove buttons only when the merchant allows editing. */
export function ContactsTable(p: { contacts: Contact[]; editable: boolean }) {
  if (!p.contacts.length) {
    return p.editable ? (
      <p class="empty">
        No contacts yet. <a href="#add-contact">Add a contact</a> so that colleagues receive your invoices and statements too.
      </p>
    ) : (
      <p class="empty">No contacts yet.</p>
    );
  }
  return (
    <table class="stack">
      <caption class="visually-hidden">Contacts</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Title</th>
          <th scope="col">Email</th>
          <th scope="col">Phone</th>
          <th scope="col">Primary</th>
          {p.editable && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {p.contacts.map((c) => (
          <tr>
            <th scope="row" data-label="Name">
              {c.name}
            </th>
            <td data-label="Title">{c.title ?? ""}</td>
            <td data-label="Email">{c.email ?? ""}</td>
            <td data-label="Phone">{c.phone ?? ""}</td>
            <td data-label="Primary">{c.primary ? <span class="badge">Primary</span> : "No"}</td>
            {p.editable && (
              <td class="actions-cell" data-label="Actions">
                <div class="row-actions">
                  <a href={`/billing/contacts/${c.id}`}>
                    Edit<span class="visually-hidden"> {c.name}</span>
                  </a>{" "}
                  <a href={`/billing/contacts/${c.id}/delete`}>
                    Remove<span class="visually-hidden"> {c.name}</span>
                  </a>
                </div>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
