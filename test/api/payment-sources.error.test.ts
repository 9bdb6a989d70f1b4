import { exports } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { eventsOf } from "../billing/helpers";
import { API_ORIGIN } from "../helpers/api";
import { makePaymentSource } from "../helpers/fixtures";
import { useStripe } from "../helpers/stripe-fake";
import { apiWorld } from "./payment-sources.helpers";

describe("API payment sources: validation", () => {
  it("each bad body is a 400 naming the field", async () => {
    const { api, base } = await apiWorld();
    const cases: [unknown, string][] = [
      [{ method: "credit_card" }, "invoiced_token"],
      [{ method: "paypal", invoiced_token: "tok_visa" }, "method"],
      [{ method: "credit_card", invoiced_token: "tok_visa", color: "red" }, "color"],
      [{ method: "credit_card", invoiced_token: "tok_visa", make_default: "yes" }, "make_default"],
      [{ method: "credit_card", invoiced_token: "tok_unknown" }, "invoiced_token"],
      // raw numbers are never a token, not even in test mode (S41)
      [{ method: "credit_card", invoiced_token: "4242424242424242" }, "invoiced_token"],
      // a card token for a bank account
      [{ method: "ach", invoiced_token: "tok_visa" }, "invoiced_token"],
      [{ method: "credit_card", invoiced_token: "x".repeat(10_000) }, "invoiced_token"],
    ];
    for (const [body, param] of cases) {
      const res = await api.post(base, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param });
      expect(typeof res.body.message).toBe("string");
    }
    expect((await api.get(base)).body).toEqual([]);
  });

  it("a form-encoded or text/plain body is refused (415): JSON writes need application/json (S26)", async () => {
    const { t, base } = await apiWorld();
    const res = await exports.default.fetch(`${API_ORIGIN}${base}`, {
      method: "POST",
      headers: { Authorization: `Basic ${btoa(`${t.apiKey}:`)}`, "Content-Type": "text/plain" },
      body: JSON.stringify({ method: "credit_card", invoiced_token: "tok_visa" }),
    });
    expect(res.status).toBe(415);
  });

  it("on a Stripe tenant POST is a 400 saying customers add sources in the portal", async () => {
    const { t, api, base } = await apiWorld();
    await useStripe(t);
    const res = await api.post(base, { method: "credit_card", invoiced_token: "tok_visa" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: "invalid_request_error", param: "method" });
    expect(res.body.message).toContain("billing portal");
  });

  it("the only source of a customer on AutoPay cannot be deleted (409), nothing changes", async () => {
    const { t, cust, api, base } = await apiWorld({}, { autopay: true });
    const a = await makePaymentSource(t.scope, cust.id);
    await t.scope.db.run(sql`UPDATE customers SET default_payment_source_id = ${a.id} WHERE id = ${cust.id}`);
    const res = await api.delete(`${base}/${a.id}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain("AutoPay");
    expect((await api.get(base)).body).toHaveLength(1);
    expect(await eventsOf(t, "payment_source.deleted")).toEqual([]);
  });

  it("malformed and unknown ids are 404, never 500", async () => {
    const { api, base } = await apiWorld();
    for (const path of [`${base}/abc`, `${base}/99999999`, "/customers/abc/payment_sources", "/customers/99999999/payment_sources", `${base}/1e3`]) {
      const res = await api.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.type).toBe("invalid_request_error");
    }
    expect((await api.delete(`${base}/99999999`)).status).toBe(404);
  });

  it("an unknown query parameter on the list is a 400", async () => {
    const { api, base } = await apiWorld();
    const res = await api.get(`${base}?colour=red`);
    expect(res.status).toBe(400);
    expect(res.body.param).toBe("colour");
  });

  it("the same Idempotency-Key with a different body is a 400", async () => {
    const { api, base } = await apiWorld();
    await api.post(base, { method: "credit_card", invoiced_token: "tok_visa" }, { "Idempotency-Key": "k1" });
    const res = await api.post(base, { method: "credit_card", invoiced_token: "tok_mastercard" }, { "Idempotency-Key": "k1" });
    expect(res.status).toBe(400);
    expect(res.body.param).toBe("Idempotency-Key");
    expect((await api.get(base)).body).toHaveLength(1);
  });
});
