import { beforeAll, describe, expect, it } from "vitest";
import { portalApp } from "../../src/routes/portal";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import type { IsolationCase } from "./isolation/types";

// S31: generated from the portal's own route table. A route without a case in
// test/security/isolation/*.ts fails the first test below.
const modules = import.meta.glob<{ cases: IsolationCase[] }>("./isolation/*.ts", { eager: true });
const cases = Object.values(modules).flatMap((m) => m.cases ?? []);
const key = (method: string, route: string) => `${method} ${route}`;
const declared = new Map(cases.map((c) => [key(c.method, c.route), c]));

const registered = [...new Set(portalApp.routes.filter((r) => r.method !== "ALL" && r.method !== "HEAD").map((r) => key(r.method, r.path)))];

async function world() {
  const a = await makeTenant();
  const b = await makeTenant();
  const owner = await makeCustomer(a.scope);
  const sibling = await makeCustomer(a.scope);
  const foreign = await makeCustomer(b.scope);
  return { a, b, owner, sibling, foreign };
}

describe("S31 tenant-isolation matrix", () => {
  it("has a case for every portal route", () => {
    const missing = registered.filter((k) => !declared.has(k));
    expect(missing).toEqual([]);
  });

  for (const c of cases.filter((c) => !c.public)) {
    describe(key(c.method, c.route), () => {
      // Two tenants and three customers per route, shared by its four checks: each
      // check makes its own object (c.setup) and its own session, and compares the
      // owner's state before and after its own request only.
      let w: Awaited<ReturnType<typeof world>>;
      beforeAll(async () => {
        w = await world();
      });

      async function send(client: PortalClient, req: { path: string; fields?: Record<string, string> }) {
        return c.method === "GET" ? client.get(req.path) : client.post(req.path, req.fields ?? {});
      }

      it("the owner gets it (so the checks below can fail)", async () => {
        const req = await c.setup!({ tenant: w.a, customerId: w.owner.id });
        const client = new PortalClient(w.a.origin);
        await client.signInAs(w.a.scope, w.a.tenant, w.owner.id);
        const before = await req.snapshot?.();
        const res = await send(client, req);
        expect(res.status).toBeLessThan(400);
        if (req.marker) expect(res.html).toContain(req.marker);
        if (req.ownerChanges) expect(await req.snapshot!()).not.toEqual(before);
      });

      it("another customer of the same tenant gets 404 or sees nothing of it", async () => {
        const req = await c.setup!({ tenant: w.a, customerId: w.owner.id });
        const client = new PortalClient(w.a.origin);
        await client.signInAs(w.a.scope, w.a.tenant, w.sibling.id);
        const before = await req.snapshot?.();
        const res = await send(client, req);
        if (req.snapshot) {
          expect(res.status).toBeLessThan(500);
          expect(await req.snapshot()).toEqual(before);
        }
        if (req.marker) expect(res.html).not.toContain(req.marker);
        else if (!req.snapshot) expect(res.status).toBe(404);
      });

      it("a customer of another tenant's object gets 404 or sees nothing of it", async () => {
        const req = await c.setup!({ tenant: w.b, customerId: w.foreign.id });
        const client = new PortalClient(w.a.origin);
        await client.signInAs(w.a.scope, w.a.tenant, w.owner.id);
        const before = await req.snapshot?.();
        const res = await send(client, req);
        if (req.snapshot) {
          expect(res.status).toBeLessThan(500);
          expect(await req.snapshot()).toEqual(before);
        }
        if (req.marker) expect(res.html).not.toContain(req.marker);
        else if (!req.snapshot) expect(res.status).toBe(404);
      });

      it("signed out is sent to sign in or gets 404", async () => {
        const req = await c.setup!({ tenant: w.a, customerId: w.owner.id });
        const before = await req.snapshot?.();
        const res = await send(new PortalClient(w.a.origin), req);
        if (req.snapshot) expect(await req.snapshot()).toEqual(before);
        if (req.marker) expect(res.html).not.toContain(req.marker);
        expect([303, 404]).toContain(res.status);
        if (res.status === 303) expect(res.location).toMatch(/^\/login/);
      });
    });
  }
});
