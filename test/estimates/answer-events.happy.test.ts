import { describe, expect, it } from "vitest";
import { approve, estimate, signedIn } from "./helpers";

// Issue 14: the customer's answer in the portal is announced with the estimate as the
// merchant API returns it (approval record included), and an automatic conversion
// with the new invoice.

type W = Awaited<ReturnType<typeof signedIn>>;
const lastEvent = async (w: W, type: string) => {
  const res = await w.api.get(`/events?filter[type]=${type}&per_page=1`);
  expect(res.body).toHaveLength(1);
  return res.body[0] as { data: { object: Record<string, unknown> } };
};

describe("estimate answers carry the API's estimate", () => {
  it("estimate.approved equals GET /estimates/{id}, with the approval record", async () => {
    const w = await signedIn();
    const e = await estimate(w, { status: "sent" }, [{ unitCost: 120_00 }, { unitCost: 5_00 }]);
    expect((await approve(w, e.publicId)).status).toBe(303);
    const ev = await lastEvent(w, "estimate.approved");
    expect(ev.data.object).toEqual((await w.api.get(`/estimates/${e.id}`)).body);
    expect(ev.data.object).toMatchObject({ status: "approved", approved: "A.L.", approval: { ip: "198.51.100.7" } });
  });

  it("estimate.declined equals GET /estimates/{id}", async () => {
    const w = await signedIn();
    const e = await estimate(w, { status: "sent" }, [{ unitCost: 80_00 }]);
    const res = await w.portal.post(`/estimates/${e.publicId}/decline`, { reason: "Too dear", revision: String(e.revision) });
    expect(res.status).toBe(303);
    const ev = await lastEvent(w, "estimate.declined");
    expect(ev.data.object).toEqual((await w.api.get(`/estimates/${e.id}`)).body);
    expect(ev.data.object).toMatchObject({ status: "declined", declined_reason: "Too dear" });
  });

  it("an approval that converts (estimate_auto_invoice): invoice.created equals GET /invoices/{id}", async () => {
    const w = await signedIn({ estimateAutoInvoice: true });
    const e = await estimate(w, { status: "sent" }, [{ unitCost: 50_00 }]);
    expect((await approve(w, e.publicId)).status).toBe(303);
    const created = await lastEvent(w, "invoice.created");
    const id = created.data.object.id as number;
    expect(created.data.object).toEqual((await w.api.get(`/invoices/${id}`)).body);
    expect((await lastEvent(w, "estimate.invoiced")).data.object).toEqual((await w.api.get(`/estimates/${e.id}`)).body);
  });
});
