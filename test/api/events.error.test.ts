import { describe, expect, it } from "vitest";
import { apiClient } from "../helpers/api";
import { apiTenant } from "./support";

describe("GET /events refuses what it does not understand with a 400 naming the parameter", () => {
  for (const [query, param] of [
    ["filter[type]=DROP TABLE", "filter[type]"],
    ["filter[object]=1", "filter[object]"],
    ["filter[customer]=1", "filter[customer]"],
    ["related_to=customer", "related_to"],
    ["related_to=customer,1,2", "related_to"],
    ["related_to=,1", "related_to"],
    ["start_date=yesterday", "start_date"],
    ["per_page=101", "per_page"],
    ["sort=type", "sort"],
    ["unknown=1", "unknown"],
  ]) {
    it(`?${query}`, async () => {
      const { api } = await apiTenant();
      const res = await api.get(`/events?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param });
    });
  }

  it("an id that is not one is a 404; without a key a 401", async () => {
    const { api } = await apiTenant();
    expect((await api.get("/events/abc")).status).toBe(404);
    expect((await api.get("/events/0")).status).toBe(404);
    expect((await apiClient(null).get("/events")).status).toBe(401);
  });
});
