import { describe, expect, it } from "vitest";
import { apiClient } from "../helpers/api";
import { subscriptionTenant } from "../subscriptions/support";

/** `/sign_up_pages` refusals as Invoiced's client sees them: 400 with `param`, 404 for ids not the tenant's. */
describe("Sign-up pages through the API refuse", () => {
  it("custom-priced (tiered) plans, unknown plans and tax rates, unknown and read-only fields, bad URLs", async () => {
    const w = await subscriptionTenant();
    const tiered = await w.api.post("/plans", {
      id: "tiers",
      name: "Tiered",
      amount: 0,
      interval: "month",
      pricing_mode: "tiered",
      tiers: [
        { max_qty: 10, unit_cost: 5 },
        { max_qty: null, unit_cost: 4 },
      ],
    });
    expect(tiered.status, JSON.stringify(tiered.body)).toBe(201);
    const bad: [Record<string, unknown>, string][] = [
      [{ name: "X", plans: ["tiers"] }, "plans[0]"],
      [{ name: "X", plans: ["basic"], addons: ["tiers"] }, "addons[0]"],
      [{ name: "X", plans: ["nope"] }, "plans[0]"],
      [{ name: "X", plans: [] }, "plans"],
      [{ name: "X", plans: ["basic"], taxes: ["nope"] }, "taxes[0]"],
      [{ name: "X", plans: ["basic"], colour: "red" }, "colour"],
      [{ name: "X", plans: ["basic"], url: "https://x.example" }, "url"],
      [{ name: "X", plans: ["basic"], thanks_url: "javascript:alert(1)" }, "thanks_url"],
      [{ name: "X", plans: ["basic"], trial_period_days: -1 }, "trial_period_days"],
      [{ plans: ["basic"] }, "name"],
    ];
    for (const [body, param] of bad) {
      const res = await w.api.post("/sign_up_pages", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body, JSON.stringify(body)).toMatchObject({ type: "invalid_request_error", param });
    }
    expect((await w.api.get("/sign_up_pages")).body).toEqual([]);
  });

  it("another tenant's page is a 404 for every verb, and a customer cannot name it", async () => {
    const w = await subscriptionTenant();
    const other = await subscriptionTenant();
    const theirs = (await other.api.post("/sign_up_pages", { name: "Theirs", plans: ["basic"] })).body;
    expect((await w.api.get(`/sign_up_pages/${theirs.id}`)).status).toBe(404);
    expect((await w.api.patch(`/sign_up_pages/${theirs.id}`, { name: "Mine" })).status).toBe(404);
    expect((await w.api.delete(`/sign_up_pages/${theirs.id}`)).status).toBe(404);
    expect((await w.api.get("/sign_up_pages/abc")).status).toBe(404);
    const set = await w.api.patch(`/customers/${w.customer.id}`, { sign_up_page: theirs.id });
    expect(set.status).toBe(400);
    expect(set.body.param).toBe("sign_up_page");
    expect((await other.api.get(`/sign_up_pages/${theirs.id}`)).body.name).toBe("Theirs");
  });

  it("sign_up_request needs the customer's page and email, and the customer to be the tenant's", async () => {
    const w = await subscriptionTenant();
    const none = await w.api.post(`/customers/${w.customer.id}/sign_up_request`, {});
    expect(none.status).toBe(400);
    expect(none.body.param).toBe("sign_up_page");
    const other = await subscriptionTenant();
    expect((await w.api.post(`/customers/${other.customer.id}/sign_up_request`, {})).status).toBe(404);
    expect((await apiClient("wrong-key-000000000000000000000000").get("/sign_up_pages")).status).toBe(401);
  });
});
