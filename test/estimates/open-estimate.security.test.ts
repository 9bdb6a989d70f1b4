import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { estimates, events } from "../../src/db/schema";
import { makeCustomer, makeEstimate } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";

// S31: the one-round-trip open (issue 7) keys everything on the public id through
// `my`: another customer's, another tenant's or a draft estimate is a 404, and the
// batch's writes (status, view event) touch nothing.
describe("opening an estimate that is not yours", () => {
  for (const [name, path] of [
    ["page", (id: string) => `/estimates/${id}`],
    ["PDF", (id: string) => `/estimates/${id}/pdf`],
  ] as const) {
    it(`${name}: a sibling's, a foreign tenant's and a draft estimate are 404 and write nothing`, async () => {
      const a = await makeTenant();
      const b = await makeTenant();
      const me = await makeCustomer(a.scope);
      const sibling = await makeCustomer(a.scope);
      const foreign = await makeCustomer(b.scope);
      const theirs = await makeEstimate(a.scope, sibling.id);
      const far = await makeEstimate(b.scope, foreign.id);
      const draft = await makeEstimate(a.scope, me.id, { status: "draft", draft: true });
      const client = new PortalClient(a.origin);
      await client.signInAs(a.scope, a.tenant, me.id);
      for (const [scope, e] of [
        [a.scope, theirs],
        [b.scope, far],
        [a.scope, draft],
      ] as const) {
        const res = await client.fetch(path(e.publicId));
        expect(res.status).toBe(404);
        expect((await scope.select(estimates, eq(estimates.id, e.id)).get())?.status).toBe(e.status);
        expect(await scope.select(events, eq(events.objectId, e.publicId)).all()).toEqual([]);
      }
    });
  }
});
