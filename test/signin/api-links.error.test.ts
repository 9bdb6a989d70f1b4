import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "../../src/db/schema";
import { DAY } from "../../src/lib/time";
import { apiClient } from "../helpers/api";
import { makeCustomer } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";
import { world } from "./helpers";

describe("merchant API: sign-in link errors", () => {
  it("refuses a ttl over 30 days, an unknown page id and unknown fields with a 400 naming the field", async () => {
    const { t, customer } = await world();
    const api = apiClient(t.apiKey);
    const over = await api.post(`/customers/${customer.id}/sign_in_link`, { ttl: 30 * DAY + 1 });
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ type: "invalid_request_error", param: "ttl" });
    expect((await api.post(`/customers/${customer.id}/sign_in_link`, { redirect_to: "https://evil.example" })).body.param).toBe("redirect_to");
    expect((await api.post(`/customers/${customer.id}/sign_in_link`, { email: "x@example.com" })).body.param).toBe("email");
    expect((await api.post(`/customers/${customer.id}/sign_in_link`, { ttl: "3600" })).status).toBe(400);
  });

  it("an unknown customer, or another tenant's, is a 404; a disabled one is a 400", async () => {
    const { t, customer } = await world();
    const other = await makeTenant();
    const foreign = await makeCustomer(other.scope);
    const api = apiClient(t.apiKey);
    expect((await api.post(`/customers/${foreign.id}/sign_in_link`, {})).status).toBe(404);
    expect((await api.post("/customers/99999999/sign_in_link", {})).status).toBe(404);
    expect((await api.post("/customers/abc/sign_in_link", {})).status).toBe(404);
    await t.scope.update(customers, { active: false }, eq(customers.id, customer.id));
    const disabled = await api.post(`/customers/${customer.id}/sign_in_link`, {});
    expect(disabled.status).toBe(400);
  });

  it("needs the API key, and JSON", async () => {
    const { t, customer } = await world();
    expect((await apiClient(null).post(`/customers/${customer.id}/sign_in_link`, {})).status).toBe(401);
    const res = await apiClient(t.apiKey).call("POST", `/customers/${customer.id}/sign_in_link`, undefined, { "Content-Type": "text/plain" });
    expect([400, 415]).toContain(res.status);
  });
});
