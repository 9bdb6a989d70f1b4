import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tenants } from "../../src/db/schema";
import { createMailer, deliver } from "../../src/services/email";
import { postTenant, uniqueUsername } from "../helpers/platform";
import { PortalClient } from "../helpers/portal";
import { testDb } from "../helpers/tenants";
import { requestLink, world } from "../signin/helpers";
import { apiWorld, estimateBody, invoiceBody } from "./invoices.helpers";

// Issue 12.4: names (tenant, customer, contact, catalogue, documents) and numbers
// may reach an email header or a PDF title: CR, LF, NUL and the other control
// characters are a 400 naming the field, and mail headers are stripped again.

const BAD = ["Acme\r\nBcc: victim@example.com", "Acme\n", "Acme\u0000Corp", "\tAcme", "Acme\u2028Corp", "Acme\u0085"];

afterEach(() => vi.restoreAllMocks());

describe("control characters in names", () => {
  it("a 400 naming the field on every header-bound field of the API", async () => {
    const { api, cust } = await apiWorld();
    const contact = (await api.post(`/customers/${cust.id}/contacts`, { name: "Ok" })).body;
    const inv = (await api.post("/invoices", invoiceBody(cust.id))).body;
    const cases: [string, (v: string) => Promise<{ status: number; body: any }>][] = [
      ["name", (v) => api.patch("/settings", { name: v })],
      ["name", (v) => api.post("/customers", { name: v })],
      ["number", (v) => api.post("/customers", { name: "Ok", number: v })],
      ["attention_to", (v) => api.patch(`/customers/${cust.id}`, { attention_to: v })],
      ["name", (v) => api.patch(`/customers/${cust.id}`, { name: v })],
      ["name", (v) => api.post(`/customers/${cust.id}/contacts`, { name: v })],
      ["title", (v) => api.patch(`/customers/${cust.id}/contacts/${contact.id}`, { title: v })],
      ["name", (v) => api.post("/invoices", invoiceBody(cust.id, { name: v }))],
      ["number", (v) => api.post("/invoices", invoiceBody(cust.id, { number: v }))],
      ["name", (v) => api.patch(`/invoices/${inv.id}`, { name: v })],
      ["name", (v) => api.post("/estimates", estimateBody(cust.id, { name: v }))],
      ["number", (v) => api.post("/estimates", estimateBody(cust.id, { number: v }))],
      ["name", (v) => api.post("/items", { id: "consult", name: v, unit_cost: 1 })],
      ["name", (v) => postTenant({ username: uniqueUsername("cc"), name: v })],
    ];
    for (const [param, call] of cases) {
      for (const v of BAD) {
        const res = await call(v);
        expect(res.status, `${param} ${JSON.stringify(v)}`).toBe(400);
        expect(res.body.param).toBe(param);
        expect(res.body.message).toMatch(/control characters/);
      }
    }
    // and a plain name still passes
    expect((await api.patch("/settings", { name: "Acme & Söhne" })).status).toBe(200);
  });

  it("the portal's billing profile and contact forms refuse them with a message on the field", async () => {
    const { t, customer } = await world({ allowEditingContacts: true });
    const portal = new PortalClient(t.origin);
    await portal.signInAs(t.scope, t.tenant, customer.id, { email: customer.email! });
    const res = await portal.post("/billing/contacts", { name: "Ada\r\nLovelace", title: "", email: "", phone: "" });
    expect(res.status).toBe(422);
    expect(res.html).toContain("Name must be on one line, without control characters.");
  });

  it("no email header carries a control character, even from a name stored before the rule", async () => {
    const { t, email } = await world();
    await testDb().update(tenants).set({ name: "Acme\r\nBcc: victim@example.com" }).where(eq(tenants.id, t.tenant.id));
    const { mail } = await requestLink(new PortalClient(t.origin), email);
    expect(mail.subject).toBe("Sign in to Acme Bcc: victim@example.com");

    const spy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("", { status: 202 }));
    const mailer = createMailer({ ENVIRONMENT: "production", MAILCHANNELS_API_KEY: "k", EMAIL_FROM: "billing@portal.example.com" }, testDb());
    await deliver(mailer, {
      tenantId: t.tenant.id,
      to: { email: "ada@example.com", name: "Ada\nLovelace\u0000" },
      from: { email: "billing@portal.example.com", name: "Acme\r\nX-Evil: 1" },
      replyTo: "support@acme.example\r\n",
      subject: "Receipt\r\nBcc: victim@example.com",
      text: "line one\nline two",
    });
    const body = JSON.parse(String(spy.mock.calls[0]![1]!.body));
    expect(body.subject).toBe("Receipt Bcc: victim@example.com");
    expect(body.personalizations[0].to[0].name).toBe("Ada Lovelace");
    expect(body.from.name).toBe("Acme X-Evil: 1");
    expect(body.reply_to.email).toBe("support@acme.example");
    expect(body.content[0].value).toBe("line one\nline two"); // the body keeps its lines
  });
});
