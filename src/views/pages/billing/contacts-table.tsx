import type { Contact } from "../../../db/queries/contacts";

/** The customer's contacts; edit and remove buttons only when the merchant allows editing. */
export function ContactsTable(p: { contacts: Contact[]; csrfToken: string; editable: boolean }) {
  if (!p.contacts.length) return <p>No contacts yet.</p>;
  return (
    <table class="data-table">
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
            <th scope="row">{c.name}</th>
            <td>{c.title ?? ""}</td>
            <td>{c.email ?? ""}</td>
            <td>{c.phone ?? ""}</td>
            <td>{c.primary ? <span class="badge">Primary</span> : "No"}</td>
            {p.editable && (
              <td class="actions">
                <a href={`/billing/contacts/${c.id}`}>
                  Edit<span class="visually-hidden"> {c.name}</span>
                </a>{" "}
                <form method="post" action={`/billing/contacts/${c.id}/delete`} class="inline-form">
                  <input type="hidden" name="_csrf" value={p.csrfToken} />
                  <button type="submit" class="link-button danger">
                    Remove<span class="visually-hidden"> {c.name}</span>
                  </button>
                </form>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
