import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeDoh, publish } from "../helpers/dns";
import { apiTenant, eventsOf } from "./support";

// Issue 12.5: a custom domain is served for a tenant only after it proved ownership
// (a TXT record with the token the API returned, looked up through DNS over HTTPS, faked
// here); an unverified squatter cannot keep the real owner out.

afterEach(() => vi.restoreAllMocks());

const portalOf = async (host: string) => {
  const res = await exports.default.fetch(`http://${host}/login`);
  return { status: res.status, html: await res.text() };
};

let n = 0;
const hostName = () => `billing-${Date.now().toString(36)}-${n++}.merchant.example`;

describe("custom domain ownership", () => {
  it("is not served until verified; the TXT record with the returned token verifies it", async () => {
    const { t, api } = await apiTenant();
    const host = hostName();
    const claim = (await api.post("/settings/domains", { host })).body;
    expect(claim).toMatchObject({ verified: false, verified_at: null, verification: { type: "TXT", name: `_billing-portal.${host}` } });
    expect(claim.verification.value).toMatch(/^billing-portal-verification=[A-Za-z0-9]{32}$/);
    expect((await portalOf(host)).status).toBe(404);

    // no record yet, then a record with another token: 409 saying what to publish
    const asked = fakeDoh({});
    const none = await api.post(`/settings/domains/${claim.id}/verify`);
    expect(none).toMatchObject({ status: 409, body: { param: "host" } });
    expect(none.body.message).toContain(claim.verification.value);
    expect(asked).toEqual([`_billing-portal.${host}`]);
    vi.restoreAllMocks();
    fakeDoh({ [claim.verification.name]: ["billing-portal-verification=someoneelsestoken0000000000000"] });
    expect((await api.post(`/settings/domains/${claim.id}/verify`)).status).toBe(409);
    expect((await portalOf(host)).status).toBe(404);
    vi.restoreAllMocks();

    publish(claim);
    const verified = await api.post(`/settings/domains/${claim.id}/verify`);
    expect(verified).toMatchObject({ status: 200, body: { verified: true } });
    const page = await portalOf(host);
    expect(page.status).toBe(200);
    expect(page.html).toContain(t.tenant.name);
    expect(await eventsOf(t, "domain.verified")).toHaveLength(1);
  });

  it("a second tenant's verified claim takes over an unverified one; then nobody else can claim it", async () => {
    const squatter = await apiTenant();
    const owner = await apiTenant();
    const third = await apiTenant();
    const host = hostName();
    const squat = await squatter.api.post("/settings/domains", { host });
    expect(squat.status).toBe(201);
    // the squatter's unverified claim does not block the owner's
    const claim = await owner.api.post("/settings/domains", { host });
    expect(claim.status).toBe(201);
    expect((await portalOf(host)).status).toBe(404);

    publish(claim.body);
    // the squatter cannot verify with the owner's record: the token is per claim
    expect((await squatter.api.post(`/settings/domains/${squat.body.id}/verify`)).status).toBe(409);
    expect((await owner.api.post(`/settings/domains/${claim.body.id}/verify`)).status).toBe(200);
    vi.restoreAllMocks();

    expect((await portalOf(host)).html).toContain(owner.t.tenant.name);
    expect((await squatter.api.get("/settings/domains")).body).toEqual([]);
    expect((await squatter.api.get(`/settings/domains/${squat.body.id}`)).status).toBe(404);
    // held verified: a new claim is a 409 that does not say whose it is
    const late = await third.api.post("/settings/domains", { host });
    expect(late.status).toBe(409);
    expect(JSON.stringify(late.body)).not.toContain(owner.t.tenant.username);
  });

  it("two owners verifying one host at once: one wins, the other gets a 409, the host serves the winner", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    const host = hostName();
    const ca = (await a.api.post("/settings/domains", { host })).body;
    const cb = (await b.api.post("/settings/domains", { host })).body;
    fakeDoh({ [ca.verification.name]: [ca.verification.value, cb.verification.value] });
    const [ra, rb] = await Promise.all([a.api.post(`/settings/domains/${ca.id}/verify`), b.api.post(`/settings/domains/${cb.id}/verify`)]);
    vi.restoreAllMocks();
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const winner = ra.status === 200 ? a : b;
    expect((await portalOf(host)).html).toContain(winner.t.tenant.name);
  });
});
