import { describe, expect, it } from "vitest";
import { signedIn } from "../billing/helpers";
import { apiClient } from "../helpers/api";
import { makeContact } from "../helpers/fixtures";
import { liveSources, testBank, testCard } from "../payment-methods/helpers";

// Issue 14: what a customer does in the portal reaches the merchant as events carrying
// the object as the API shows it (contacts, payment sources, AutoPay, the default method).

type Event = { type: string; data: { object: Record<string, unknown>; previous?: Record<string, unknown> } };

async function world() {
  const w = await signedIn({ allowAutopayEnrollment: true, allowAutopayOptOut: true });
  const api = apiClient(w.t.apiKey);
  const last = async (type: string): Promise<Event> => {
    const res = await api.get(`/events?filter[type]=${type}&per_page=1`);
    expect(res.body, type).toHaveLength(1);
    return res.body[0];
  };
  return { ...w, api, last };
}

describe("portal events carry the API object", () => {
  it("contact.created, contact.updated (with previous) and contact.deleted", async () => {
    const { cust, portal, api, last } = await world();
    await portal.get("/billing");
    expect((await portal.post("/billing/contacts", { name: "Grace", title: "CFO", email: "grace@example.com", phone: "", primary: "" })).status).toBe(303);
    const created = await last("contact.created");
    const id = created.data.object.id as number;
    const url = `/customers/${cust.id}/contacts/${id}`;
    expect(created.data.object).toEqual((await api.get(url)).body);
    expect(created.data.object).toMatchObject({ object: "contact", name: "Grace", customer: cust.id });

    expect((await portal.post(`/billing/contacts/${id}`, { name: "Grace H", title: "CFO", email: "grace@example.com", phone: "", primary: "1" })).status).toBe(
      303,
    );
    const updated = await last("contact.updated");
    expect(updated.data.object).toEqual((await api.get(url)).body);
    expect(updated.data.previous).toEqual({ name: "Grace", primary: false });

    const before = (await api.get(url)).body;
    expect((await portal.post(`/billing/contacts/${id}/delete`)).status).toBe(303);
    expect((await last("contact.deleted")).data.object).toEqual(before);
  });

  it("payment_source.created and .deleted, customer.updated for a new default, autopay.enrolled and .canceled", async () => {
    const { t, cust, portal, api, last } = await world();
    // the portal names a method by its public id, the API by its number id
    const publicIdOf = async (id: unknown) => (await liveSources(t, cust.id)).find((s) => s.id === id)!.publicId;
    await makeContact(t.scope, cust.id); // unrelated row: the events are about the right objects
    await portal.get("/payment-methods/new");
    expect((await portal.post("/payment-methods", testCard())).status).toBe(303);
    const card = await last("payment_source.created");
    const cardUrl = `/customers/${cust.id}/payment_sources/${card.data.object.id}`;
    expect(card.data.object).toEqual((await api.get(cardUrl)).body);
    expect(JSON.stringify(card)).not.toMatch(/4242424242424242|tok_|gateway/);

    expect((await portal.post("/payment-methods", testBank())).status).toBe(303);
    const bank = await last("payment_source.created");
    expect(bank.data.object).toMatchObject({ object: "bank_account" });
    expect((await portal.post(`/payment-methods/${await publicIdOf(bank.data.object.id)}/default`)).status).toBe(303);
    const def = await last("customer.updated");
    expect(def.data.object).toEqual((await api.get(`/customers/${cust.id}`)).body);
    expect(def.data.object.payment_source).toMatchObject({ id: bank.data.object.id });
    expect(def.data.previous).toMatchObject({ payment_source: { id: card.data.object.id } });

    expect((await portal.post("/payment-methods/autopay", { autopay: "on" })).status).toBe(303);
    const on = await last("autopay.enrolled");
    expect(on.data.object).toEqual((await api.get(`/customers/${cust.id}`)).body);
    expect(on.data).toMatchObject({ object: { autopay: true }, previous: { autopay: false } });
    expect((await portal.post("/payment-methods/autopay", { autopay: "off" })).status).toBe(303);
    const off = await last("autopay.canceled");
    expect(off.data.object).toEqual((await api.get(`/customers/${cust.id}`)).body);
    expect(off.data).toMatchObject({ object: { autopay: false }, previous: { autopay: true } });

    const cardBefore = (await api.get(cardUrl)).body;
    expect((await portal.post(`/payment-methods/${await publicIdOf(card.data.object.id)}/delete`)).status).toBe(303);
    expect((await last("payment_source.deleted")).data.object).toEqual(cardBefore);
  });
});
