import { describe, expect, it } from "vitest";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { approvalsOf, estimate, eventsOf, row, signedIn } from "./helpers";

describe("portal estimates: concurrency and access", () => {
  it("S34: 20 concurrent approvals of one estimate give one approval record and 19 clear refusals (409)", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    await w.portal.get(`/estimates/${e.publicId}`);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => w.portal.post(`/estimates/${e.publicId}/approve`, { agree: "yes", initials: `P${i}`, revision: "1" })),
    );
    const ok = results.filter((r) => r.status === 303);
    const refused = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect(r.html).toContain("This estimate has already been approved.");
    const approvals = await approvalsOf(w, e.id);
    expect(approvals).toHaveLength(1);
    expect(await eventsOf(w, "estimate.approved")).toHaveLength(1);
    expect((await row(w, e.id)).approved).toBe(approvals[0]!.initials);
  });

  it("approve and decline at the same time: exactly one answer is kept", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    await w.portal.get(`/estimates/${e.publicId}`);
    const [a, d] = await Promise.all([
      w.portal.post(`/estimates/${e.publicId}/approve`, { agree: "yes", initials: "AB", revision: "1" }),
      w.portal.post(`/estimates/${e.publicId}/decline`, { reason: "no", revision: "1" }),
    ]);
    expect([a.status, d.status].sort()).toEqual([303, 409]);
    const status = (await row(w, e.id)).status;
    expect(status).toBe(a.status === 303 ? "approved" : "declined");
    expect(await approvalsOf(w, e.id)).toHaveLength(a.status === 303 ? 1 : 0);
  });

  it("S31: another customer's estimate is a 404 on every route and cannot be answered", async () => {
    const w = await signedIn();
    const other = await makeCustomer(w.t.scope);
    const theirs = await (await import("../helpers/fixtures")).makeEstimate(w.t.scope, other.id, { number: "E-THEIRS" });
    await w.portal.get("/estimates");
    for (const path of [`/estimates/${theirs.publicId}`, `/estimates/${theirs.publicId}/pdf`]) expect((await w.portal.get(path)).status).toBe(404);
    expect((await w.portal.post(`/estimates/${theirs.publicId}/approve`, { agree: "yes", initials: "AB", revision: "1" })).status).toBe(404);
    expect((await w.portal.post(`/estimates/${theirs.publicId}/decline`, { revision: "1" })).status).toBe(404);
    expect(await approvalsOf(w, theirs.id)).toEqual([]);
    expect((await w.portal.get("/estimates")).html).not.toContain("E-THEIRS");
  });

  it("S26: a cross-site form post cannot approve", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    await w.portal.get(`/estimates/${e.publicId}`);
    const res = await w.portal.post(
      `/estimates/${e.publicId}/approve`,
      { agree: "yes", initials: "AB", revision: "1" },
      { headers: { Origin: "https://evil.example" } },
    );
    expect(res.status).toBe(403);
    const sibling = await makeTenant();
    const res2 = await w.portal.post(
      `/estimates/${e.publicId}/approve`,
      { agree: "yes", initials: "AB", revision: "1" },
      { headers: { Origin: sibling.origin } },
    );
    expect(res2.status).toBe(403);
    expect(await approvalsOf(w, e.id)).toEqual([]);
  });

  it("signed out: pages send to sign-in, answers are refused and store nothing", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    const anon = new PortalClient(w.t.origin);
    const page = await anon.get(`/estimates/${e.publicId}`);
    expect(page.status).toBe(303);
    expect(page.location).toBe(`/login?next=${encodeURIComponent(`/estimates/${e.publicId}`)}`);
    const post = await anon.post(`/estimates/${e.publicId}/approve`, { agree: "yes", initials: "AB", revision: "1" });
    expect(post.status).toBe(303);
    expect(await approvalsOf(w, e.id)).toEqual([]);
    expect((await row(w, e.id)).status).toBe("sent");
  });
});
