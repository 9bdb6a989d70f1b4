import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_ENDPOINTS } from "../../src/services/webhooks/endpoints";
import { apiTenant } from "../api/support";
import { fakeReceiver, networkClosed } from "./outbound-helpers";

afterEach(() => {
  vi.restoreAllMocks();
  networkClosed();
});

const URL_OK = "https://hooks.merchant.example/x";

describe("POST /webhooks and PATCH refuse bad input with a 400 naming the field", () => {
  for (const [body, param] of [
    [{}, "url"],
    [{ url: 5 }, "url"],
    [{ url: "" }, "url"],
    [{ url: `https://example.com/${"a".repeat(2000)}` }, "url"],
    [{ url: "https://example.com/#frag" }, "url"],
    [{ url: URL_OK, events: [] }, "events"],
    [{ url: URL_OK, events: "invoice.paid" }, "events"],
    [{ url: URL_OK, events: ["invoice paid"] }, "events[0]"],
    [{ url: URL_OK, events: ["INVOICE.PAID"] }, "events[0]"],
    [{ url: URL_OK, enabled: "yes" }, "enabled"],
    [{ url: URL_OK, secret: "whsec_mine" }, "secret"],
  ] as [Record<string, unknown>, string][]) {
    it(`create ${JSON.stringify(body).slice(0, 80)}`, async () => {
      const { api } = await apiTenant();
      const res = await api.post("/webhooks", body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param });
    });
  }

  it("PATCH with an unknown field or a bad value is a 400; of a missing webhook a 404", async () => {
    fakeReceiver();
    const { api } = await apiTenant();
    const { body } = await api.post("/webhooks", { url: URL_OK });
    expect((await api.patch(`/webhooks/${body.id}`, { secret: "x" })).body).toMatchObject({ param: "secret" });
    expect((await api.patch(`/webhooks/${body.id}`, { enabled: null })).body).toMatchObject({ param: "enabled" });
    expect((await api.patch(`/webhooks/${body.id + 1000}`, { enabled: false })).status).toBe(404);
    expect((await api.patch("/webhooks/abc", { enabled: false })).status).toBe(404);
  });

  it(`a tenant has at most ${MAX_ENDPOINTS} webhooks (409 past that)`, async () => {
    fakeReceiver();
    const { api } = await apiTenant();
    for (let i = 0; i < MAX_ENDPOINTS; i++) expect((await api.post("/webhooks", { url: `${URL_OK}/${i}`, events: ["invoice.paid"] })).status).toBe(201);
    expect((await api.post("/webhooks", { url: URL_OK })).status).toBe(409);
  });

  it("the delivery log refuses bad filters; a re-send of a delivery still scheduled is a 409, of a missing one a 404", async () => {
    fakeReceiver();
    const { api } = await apiTenant();
    const { body } = await api.post("/webhooks", { url: URL_OK });
    expect((await api.get(`/webhooks/${body.id}/deliveries?filter[status]=lost`)).body).toMatchObject({ param: "filter[status]" });
    expect((await api.get(`/webhooks/${body.id}/deliveries?filter[event]=x`)).body).toMatchObject({ param: "filter[event]" });
    expect((await api.post(`/webhooks/${body.id}/deliveries/1/retry`, {})).status).toBe(404);
    expect((await api.get(`/webhooks/${body.id}/deliveries/abc`)).status).toBe(404);
  });
});
