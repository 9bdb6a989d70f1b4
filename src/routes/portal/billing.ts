import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { SignedInEnv } from "../../context";
import { type Contact, contactListReads, contactReads, findContact, listContacts } from "../../db/queries/contacts";
import type { Customer } from "../../db/queries/types";
import { requestActor } from "../../lib/request-meta";
import { addContact, type ContactForm, contactForm, EMPTY_CONTACT, editContact, removeContact } from "../../services/billing/contacts";
import type { BillingCtx } from "../../services/billing/context";
import { changedFields, type ProfileForm, profileForm, saveBillingProfile } from "../../services/billing/profile";
import type { FieldErrors } from "../../views/components/field-errors";
import { BillingPage } from "../../views/pages/billing/billing-page";
import { ContactEditPage } from "../../views/pages/billing/contact-edit-page";
import { NotAllowedPage } from "../../views/pages/billing/not-allowed-page";
import { ConfirmRemovePage } from "../../views/pages/confirm/confirm-remove";
import { recentSigninGate } from "../middleware/recent-signin";
import { requireCustomer } from "../middleware/session";
import { signedInPage } from "../middleware/signed-in-page";
import { parseContact, parseProfile } from "./forms/billing";
import { renderPage } from "./render-page";

/**
 * /billing: billing details and contacts. Each merchant setting is enforced here
 * on the POST, not only by hiding the form (Invoiced's weak spot). Changing the
 * billing email, or giving a contact an email (a way to sign in), needs a recent
 * sign-in (S23).
 */
export const billingRoutes = new Hono<SignedInEnv>();

type C = Context<SignedInEnv>;

const NOTICES: Record<string, string> = {
  details: "Your billing details were saved.",
  unchanged: "Nothing was changed.",
  "contact-added": "The contact was added.",
  "contact-saved": "The contact was saved.",
  "contact-removed": "The contact was removed.",
};

function ctx(c: C): BillingCtx {
  return { scope: c.var.scope, my: c.var.my, who: requestActor(c, "customer"), now: c.var.now };
}

async function renderBilling<E extends SignedInEnv>(
  c: Context<E>,
  opts: { details?: { form: ProfileForm; errors: FieldErrors }; newContact?: { form: ContactForm; errors: FieldErrors }; notice?: string },
  status: 200 | 422 = 200,
  read?: Contact[],
) {
  const customer = c.var.customer;
  // the GET read them with the session (issue 18); a form that failed reads them now
  const contacts = read ?? (await listContacts(c.var.my));
  return renderPage(
    c,
    BillingPage,
    {
      details: opts.details ?? { form: profileForm(customer), errors: {} },
      contacts,
      newContact: opts.newContact ?? { form: EMPTY_CONTACT, errors: {} },
      notice: opts.notice,
    },
    status,
  );
}

function access(c: C) {
  return { customerEmail: c.var.customer.email, currentSessionId: c.var.session.id };
}

function notAllowed<E extends SignedInEnv>(c: Context<E>, what: string) {
  return renderPage(c, NotAllowedPage, { what, back: "/billing" }, 403);
}

/** Contact ids are integers; anything else is a 404 like a foreign id (S31). */
function contactId(param: string | undefined): number | null {
  const raw = param ?? "";
  return /^\d{1,12}$/.test(raw) ? Number(raw) : null;
}

billingRoutes.use("/billing", requireCustomer());
billingRoutes.use("/billing/*", requireCustomer());

billingRoutes.get("/billing", signedInPage(contactListReads), async (c) => {
  const form = profileForm(c.var.customer);
  // The country select re-draws state and postal code (htmx) by asking for the page with them.
  const q = c.req.query();
  if (typeof q.country === "string") {
    form.country = q.country.slice(0, 2);
    form.state = (q.state ?? "").slice(0, 100);
    form.postal_code = (q.postal_code ?? "").slice(0, 20);
  }
  // An own-property lookup: `?saved=constructor` must not reach Object.prototype.
  const saved = q.saved ?? "";
  return renderBilling(c, { details: { form, errors: {} }, notice: Object.hasOwn(NOTICES, saved) ? NOTICES[saved] : undefined }, 200, c.var.page);
});

billingRoutes.post("/billing", async (c) => {
  if (!c.var.tenant.allowBillingPortalProfileChanges) return notAllowed(c, "changes to billing details");
  const parsed = parseProfile(await c.req.parseBody());
  if (!parsed.ok) return renderBilling(c, { details: { form: parsed.form, errors: parsed.errors } }, 422);
  const customer: Customer = c.var.customer;
  if (changedFields(customer, parsed.profile).includes("email")) {
    const gate = recentSigninGate(c);
    if (gate) return gate;
  }
  const changed = await saveBillingProfile(ctx(c), customer, parsed.profile, c.var.session.id);
  return c.redirect(`/billing?saved=${changed.length ? "details" : "unchanged"}`, 303);
});

billingRoutes.post("/billing/contacts", async (c) => {
  if (!c.var.tenant.allowEditingContacts) return notAllowed(c, "changes to contacts");
  const parsed = parseContact(await c.req.parseBody());
  if (!parsed.ok) return renderBilling(c, { newContact: { form: parsed.form, errors: parsed.errors } }, 422);
  // A contact's email is a way to sign in: adding one is as sensitive as changing the billing email.
  if (parsed.fields.email) {
    const gate = recentSigninGate(c);
    if (gate) return gate;
  }
  await addContact(ctx(c), parsed.fields);
  return c.redirect("/billing?saved=contact-added", 303);
});

billingRoutes.get(
  "/billing/contacts/:id",
  signedInPage((my, c) => contactReads(my, contactId(c.req.param("id")))),
  async (c) => {
    if (!c.var.tenant.allowEditingContacts) return notAllowed(c, "changes to contacts");
    const contact = c.var.page;
    if (!contact) throw new HTTPException(404);
    return renderPage(c, ContactEditPage, {
      contactId: contact.id,
      form: contactForm(contact),
      errors: {},
    });
  },
);

billingRoutes.post("/billing/contacts/:id", async (c) => {
  if (!c.var.tenant.allowEditingContacts) return notAllowed(c, "changes to contacts");
  const id = contactId(c.req.param("id"));
  const contact = id === null ? undefined : await findContact(c.var.my, id);
  if (!contact) throw new HTTPException(404);
  const parsed = parseContact(await c.req.parseBody());
  if (!parsed.ok) {
    return renderPage(
      c,
      ContactEditPage,
      {
        contactId: contact.id,
        form: parsed.form,
        errors: parsed.errors,
      },
      422,
    );
  }
  if (parsed.fields.email && parsed.fields.email !== contact.email) {
    const gate = recentSigninGate(c);
    if (gate) return gate;
  }
  const changed = await editContact(ctx(c), contact.id, parsed.fields, access(c));
  if (changed === null) throw new HTTPException(404);
  return c.redirect(`/billing?saved=${changed.length ? "contact-saved" : "unchanged"}`, 303);
});

// one round trip: the contact is read in the session's batch (issue 18)
billingRoutes.get(
  "/billing/contacts/:id/delete",
  signedInPage((my, c) => contactReads(my, contactId(c.req.param("id")))),
  async (c) => {
    if (!c.var.tenant.allowEditingContacts) return notAllowed(c, "changes to contacts");
    const contact = c.var.page;
    if (!contact) throw new HTTPException(404);
    return renderPage(c, ConfirmRemovePage, {
      title: "Remove this contact?",
      what: contact.name,
      consequence: "They will no longer be listed on your account.",
      action: `/billing/contacts/${contact.id}/delete`,
      back: "/billing",
      active: "billing",
    });
  },
);

billingRoutes.post("/billing/contacts/:id/delete", async (c) => {
  if (!c.var.tenant.allowEditingContacts) return notAllowed(c, "changes to contacts");
  const id = contactId(c.req.param("id"));
  if (id === null || !(await removeContact(ctx(c), id, access(c)))) throw new HTTPException(404);
  return c.redirect("/billing?saved=contact-removed", 303);
});
