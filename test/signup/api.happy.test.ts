import { describe, expect, it } from "vitest";
import { eventsOf, links } from "../api/support";
import { subscriptionTenant } from "../subscriptions/support";
import { outboxTo } from "./outbox";

/**
 * `/sign_up_pages` as Invoiced's Ruby client calls it (lib/invoiced/sign_up_page.rb:
 * Basic auth with the key as user, JSON bodies, PATCH with only the changed keys,
 * DELETE without a body, lists with Link and X-Total-Count), and the customer's
 * onboarding link.
 */
describe("Sign-up pages through the API", () => {
  it("create, retrieve with plans expanded, save one changed key, list, delete", async () => {
    const w = await subscriptionTenant();
    const created = await w.api.post("/sign_up_pages", { name: "Join", plans: ["basic", "pro"], trial_period_days: 14, has_coupon_code: true, taxes: ["vat"] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      object: "sign_up_page",
      name: "Join",
      type: "recurring",
      trial_period_days: 14,
      has_coupon_code: true,
      has_quantity: false,
      taxes: ["vat"],
      allow_multiple_subscriptions: false,
      thanks_url: null,
    });
    expect(Number.isInteger(created.body.id)).toBe(true);
    expect(created.body.url).toBe(`${w.t.origin}/pages/${created.body.id}`);
    expect(created.body.plans.map((p: { id: string; object: string }) => [p.id, p.object])).toEqual([
      ["basic", "plan"],
      ["pro", "plan"],
    ]);

    const got = await w.api.get(`/sign_up_pages/${created.body.id}`);
    expect(got.body).toEqual(created.body);

    const saved = await w.api.patch(`/sign_up_pages/${created.body.id}`, { thanks_url: "https://acme.example/thanks" });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ thanks_url: "https://acme.example/thanks", trial_period_days: 14, name: "Join" });

    await w.api.post("/sign_up_pages", { name: "Second", plans: ["basic"] });
    const list = await w.api.get("/sign_up_pages?per_page=1");
    expect(list.headers.get("X-Total-Count")).toBe("2");
    expect(list.body).toHaveLength(1);
    expect(links(list.headers.get("Link")).next).toContain("page=2");

    const del = await w.api.delete(`/sign_up_pages/${created.body.id}`);
    expect(del.status).toBe(204);
    expect((await w.api.get(`/sign_up_pages/${created.body.id}`)).status).toBe(404);

    const types = (await eventsOf(w.t)).map((e) => e.type);
    expect(types.filter((t) => t.startsWith("sign_up_page."))).toEqual([
      "sign_up_page.deleted",
      "sign_up_page.created",
      "sign_up_page.updated",
      "sign_up_page.created",
    ]);
    const [first] = (await eventsOf(w.t, "sign_up_page.created")).slice(-1);
    expect(first!.data).toMatchObject({ object: { id: created.body.id, url: created.body.url, name: "Join" } });
  });

  it("a customer gains sign_up_page and sign_up_url, and sign_up_request mails that link with a Subscribe button", async () => {
    const w = await subscriptionTenant();
    const page = (await w.api.post("/sign_up_pages", { name: "Join", plans: ["basic"] })).body;
    expect(w.customer.sign_up_page).toBeNull();
    expect(w.customer.sign_up_url).toBeNull();
    const saved = await w.api.patch(`/customers/${w.customer.id}`, { sign_up_page: page.id });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.sign_up_page).toBe(page.id);
    expect(saved.body.sign_up_url).toMatch(new RegExp(`^${w.t.origin}/pages/${page.id}/[A-Za-z0-9]{10,40}$`));
    // the link stays the same on later saves
    const again = await w.api.patch(`/customers/${w.customer.id}`, { name: "Acme Corporation" });
    expect(again.body.sign_up_url).toBe(saved.body.sign_up_url);

    const sent = await w.api.post(`/customers/${w.customer.id}/sign_up_request`, {});
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.sign_up_url).toBe(saved.body.sign_up_url);
    const mails = await outboxTo(w.t.tenant.id, "billing@acme.example");
    const mail = mails.find((m) => m.subject.startsWith("Subscribe"));
    expect(mail?.html).toContain(saved.body.sign_up_url);
    expect(mail?.html).toContain(">Subscribe</a>");
    const [requested] = await eventsOf(w.t, "customer.sign_up_request_sent");
    expect(await eventsOf(w.t, "customer.sign_up_request_sent")).toHaveLength(1);
    // the customer as the API shows it, with the link it was sent
    expect(requested!.data).toMatchObject({ object: { id: w.customer.id, sign_up_url: saved.body.sign_up_url } });
  });
});
