import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { estimates } from "../../src/db/schema";
import { unescapeHtml } from "../billing/helpers";
import { viewsWritten } from "../helpers/views";
import { approvalsOf, approve, estimate, past, row, signedIn } from "./helpers";

describe("portal estimates: bad input keeps what was typed (422)", () => {
  it("approving without ticking the box or without initials: 422, errors tied to the fields, input kept", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    const noAgree = await approve(w, e.publicId, { agree: "", initials: "Grace H." });
    expect(noAgree.status).toBe(422);
    expect(noAgree.html).toContain('aria-describedby="agree-error"');
    expect(noAgree.html).toContain("Tick the box to agree to the terms of this estimate.");
    expect(noAgree.html).toContain('value="Grace H."');
    const noInitials = await approve(w, e.publicId, { initials: "   " });
    expect(noInitials.status).toBe(422);
    expect(noInitials.html).toContain('aria-describedby="initials-error"');
    expect(noInitials.html).toContain("Type your initials or full name.");
    expect(await approvalsOf(w, e.id)).toEqual([]);
    await viewsWritten(w.t.tenant.id, 1);
    expect((await row(w, e.id)).status).toBe("viewed");
  });

  it("a decline reason over 1000 characters: 422 with the text kept", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    await w.portal.get(`/estimates/${e.publicId}`);
    const reason = `Too long <b>${"x".repeat(1000)}`;
    const res = await w.portal.post(`/estimates/${e.publicId}/decline`, { reason, revision: "1" });
    expect(res.status).toBe(422);
    expect(res.html).toContain("at most 1000 characters");
    expect(unescapeHtml(res.html)).toContain(reason);
    expect(res.html).not.toContain("<b>xxx");
    await viewsWritten(w.t.tenant.id, 1);
    expect((await row(w, e.id)).status).toBe("viewed");
  });
});

describe("portal estimates: state rules on the server (S34)", () => {
  it("an expired estimate says so, offers no buttons, and a forged approval is refused (409)", async () => {
    const w = await signedIn();
    const e = await estimate(w, { expirationDate: past(1) });
    const page = await w.portal.get(`/estimates/${e.publicId}`);
    expect(page.html).toContain("This estimate expired");
    expect(page.html).not.toContain("Approve estimate");
    expect(page.html).not.toContain("Decline estimate");
    const res = await w.portal.post(`/estimates/${e.publicId}/approve`, { agree: "yes", initials: "AB", revision: "1" });
    expect(res.status).toBe(409);
    expect(res.html).toContain("This estimate has expired and can no longer be approved or declined.");
    expect((await w.portal.post(`/estimates/${e.publicId}/decline`, { revision: "1" })).status).toBe(409);
    expect(await approvalsOf(w, e.id)).toEqual([]);
  });

  it("a declined estimate cannot be approved", async () => {
    const w = await signedIn();
    const e = await estimate(w, { status: "declined", declinedReason: "no" });
    await w.portal.get(`/estimates/${e.publicId}`);
    const res = await w.portal.post(`/estimates/${e.publicId}/approve`, { agree: "yes", initials: "AB", revision: "1" });
    expect(res.status).toBe(409);
    expect(res.html).toContain("This estimate has been declined.");
    expect(await approvalsOf(w, e.id)).toEqual([]);
  });

  it("a voided estimate does not exist for the customer: 404, nothing stored", async () => {
    const w = await signedIn();
    const e = await estimate(w, { status: "voided" });
    await w.portal.get("/estimates");
    expect((await w.portal.get(`/estimates/${e.publicId}`)).status).toBe(404);
    expect((await w.portal.post(`/estimates/${e.publicId}/approve`, { agree: "yes", initials: "AB", revision: "1" })).status).toBe(404);
    expect(await approvalsOf(w, e.id)).toEqual([]);
  });

  it("an estimate voided through the API while the customer looks at it: the approval is refused", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    await w.portal.get(`/estimates/${e.publicId}`);
    expect((await w.api.post(`/estimates/${e.id}/void`)).status).toBe(200);
    const res = await w.portal.post(`/estimates/${e.publicId}/approve`, { agree: "yes", initials: "AB", revision: "1" });
    expect(res.status).toBe(404);
    expect(await approvalsOf(w, e.id)).toEqual([]);
  });

  it("a second approval is a 409 with a clear message", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    expect((await approve(w, e.publicId)).status).toBe(303);
    const again = await w.portal.post(`/estimates/${e.publicId}/approve`, { agree: "yes", initials: "ZZ", revision: "1" });
    expect(again.status).toBe(409);
    expect(again.html).toContain("This estimate has already been approved. It cannot be approved or declined again.");
    expect(await approvalsOf(w, e.id)).toHaveLength(1);
    expect((await row(w, e.id)).approved).toBe("A.L.");
  });

  it("the merchant changed the estimate after the page was shown: the answer is refused and the new version shown", async () => {
    const w = await signedIn();
    const e = await estimate(w);
    await w.portal.get(`/estimates/${e.publicId}`); // form carries revision 1
    const patched = await w.api.patch(`/estimates/${e.id}`, { items: [{ name: "New scope", unit_cost: 9999 }] });
    expect(patched.body.revision).toBe(2);
    const res = await w.portal.post(`/estimates/${e.publicId}/approve`, { agree: "yes", initials: "AB", revision: "1" });
    expect(res.status).toBe(409);
    expect(res.html).toContain("This estimate changed while you were looking at it.");
    expect(res.html).toContain("New scope");
    expect(res.html).toContain('name="revision" value="2"');
    expect(await approvalsOf(w, e.id)).toEqual([]);
    expect((await w.portal.post(`/estimates/${e.publicId}/decline`, { revision: "1" })).status).toBe(409);
    expect((await w.portal.post(`/estimates/${e.publicId}/approve`, { agree: "yes", initials: "AB" })).status).toBe(409);
    await viewsWritten(w.t.tenant.id, 1);
    const [stored] = await w.t.scope.select(estimates, eq(estimates.id, e.id)).all();
    expect(stored!.status).toBe("viewed");
  });
});
