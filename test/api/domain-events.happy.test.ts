import { afterEach, describe, expect, it, vi } from "vitest";
import { publish } from "../helpers/dns";
import { apiTenant } from "./support";

// Issue 14: domain events carry the claim as GET /settings/domains/{id} returns it.

afterEach(() => vi.restoreAllMocks());

type Api = Awaited<ReturnType<typeof apiTenant>>["api"];
const lastEvent = async (api: Api, type: string) => {
  const res = await api.get(`/events?filter[type]=${type}&per_page=1`);
  expect(res.body).toHaveLength(1);
  return res.body[0] as { data: { object: Record<string, unknown>; previous?: Record<string, unknown> } };
};

describe("domain events carry the domain as the API returns it", () => {
  it("domain.created, domain.verified (with previous) and domain.deleted", async () => {
    const { api } = await apiTenant();
    const host = `events-${Date.now().toString(36)}.merchant.example`;
    const { body: claim } = await api.post("/settings/domains", { host });
    const created = await lastEvent(api, "domain.created");
    expect(created.data.object).toEqual((await api.get(`/settings/domains/${claim.id}`)).body);
    expect(created.data.object).toMatchObject({ id: claim.id, host, verified: false });

    publish(claim);
    expect((await api.post(`/settings/domains/${claim.id}/verify`)).status).toBe(200);
    vi.restoreAllMocks();
    const verified = await lastEvent(api, "domain.verified");
    const now = (await api.get(`/settings/domains/${claim.id}`)).body;
    expect(verified.data.object).toEqual(now);
    expect(verified.data.previous).toEqual({ verified: false, verified_at: null });

    expect((await api.delete(`/settings/domains/${claim.id}`)).status).toBe(204);
    expect((await lastEvent(api, "domain.deleted")).data.object).toEqual(now);
  });
});
