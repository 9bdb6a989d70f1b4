import { describe, expect, it } from "vitest";
import { estimateApprovals, invoices } from "../../src/db/schema";
import { apiClient } from "../helpers/api";
import { answerAsCustomer, apiWorld, estimateBody, eventsOf } from "./invoices.helpers";

describe("merchant API: estimates, authentication, isolation, idempotency and races", () => {
  it("401 without a valid key on every route", async () => {
    const { api, cust } = await apiWorld();
    const e = await api.post("/estimates", estimateBody(cust.id));
    const anon = apiClient(null);
    for (const res of [
      await anon.get("/estimates"),
      await anon.get(`/estimates/${e.body.id}`),
      await anon.post("/estimates", estimateBody(cust.id)),
      await anon.patch(`/estimates/${e.body.id}`, { notes: "x" }),
      await anon.delete(`/estimates/${e.body.id}`),
      await anon.post(`/estimates/${e.body.id}/send`),
      await anon.post(`/estimates/${e.body.id}/void`),
      await anon.post(`/estimates/${e.body.id}/invoice`),
    ]) {
      expect(res.status).toBe(401);
    }
  });

  it("S31: tenant B's estimate is a 404 through tenant A's key on every route and stays untouched", async () => {
    const a = await apiWorld();
    const b = await apiWorld();
    const theirs = await b.api.post("/estimates", estimateBody(b.cust.id));
    const id = theirs.body.id;
    for (const res of [
      await a.api.get(`/estimates/${id}`),
      await a.api.patch(`/estimates/${id}`, { notes: "A" }),
      await a.api.post(`/estimates/${id}/send`),
      await a.api.post(`/estimates/${id}/void`),
      await a.api.post(`/estimates/${id}/invoice`),
      await a.api.delete(`/estimates/${id}`),
    ]) {
      expect(res.status).toBe(404);
    }
    expect((await a.api.get("/estimates")).body).toEqual([]);
    expect(await a.t.scope.select(invoices).all()).toEqual([]);
    expect(await b.t.scope.select(invoices).all()).toEqual([]);
    expect((await b.api.get(`/estimates/${id}`)).body).toMatchObject({ status: "sent", revision: 1, notes: null });
    expect((await a.api.post("/estimates", estimateBody(b.cust.id))).body.param).toBe("customer");
  });

  it("Idempotency-Key: a retried conversion returns the same invoice and creates one", async () => {
    const { t, api, cust } = await apiWorld();
    const e = await api.post("/estimates", estimateBody(cust.id));
    const key = { "Idempotency-Key": "convert-1" };
    const one = await api.post(`/estimates/${e.body.id}/invoice`, undefined, key);
    const two = await api.post(`/estimates/${e.body.id}/invoice`, undefined, key);
    expect(one.status).toBe(201);
    expect(two.body).toEqual(one.body);
    expect(await t.scope.select(invoices).all()).toHaveLength(1);
    // one body sent twice: a retry repeats the request byte for byte (the body holds a timestamp)
    const body = estimateBody(cust.id);
    const created = await api.post("/estimates", body, { "Idempotency-Key": "est-1" });
    const again = await api.post("/estimates", body, { "Idempotency-Key": "est-1" });
    expect(again.body.id).toBe(created.body.id);
  });

  it("ten conversions at once make one invoice; the others are 409", async () => {
    const { t, api, cust } = await apiWorld();
    const e = await api.post("/estimates", estimateBody(cust.id));
    const results = await Promise.all(Array.from({ length: 10 }, () => api.post(`/estimates/${e.body.id}/invoice`)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await t.scope.select(invoices).all()).toHaveLength(1);
    expect(await eventsOf(t, "estimate.invoiced")).toHaveLength(1);
  });

  it("a merchant change racing the customer's approval: exactly one of them wins", async () => {
    for (let round = 0; round < 3; round++) {
      const { t, api, cust } = await apiWorld();
      const e = await api.post("/estimates", estimateBody(cust.id));
      const [patch, approval] = await Promise.all([
        api.patch(`/estimates/${e.body.id}`, { items: [{ name: "Changed", unit_cost: 1 }] }),
        answerAsCustomer(t, cust.id, e.body.public_id, { approve: "AB" }),
      ]);
      const approvals = await t.scope.select(estimateApprovals).all();
      if (approval.ok) {
        expect(patch.status).toBe(409);
        expect(approvals).toHaveLength(1);
      } else {
        expect(patch.status).toBe(200);
        expect(approvals).toHaveLength(0);
      }
    }
  });
});
