import { describe, expect, it } from "vitest";
import { spyOnD1 } from "../budgets/d1-spy";
import { PortalClient } from "../helpers/portal";
import { mailsTo, uniqueEmail, waitForEvent, world } from "./helpers";

// Issue 12.2 / S11: whether an address belongs to a customer must not show in the
// work the worker does, since work is time. D1 round trips are counted at the
// binding (test/budgets/d1-spy.ts), background work (waitUntil) included, for
// POST /login and for a wrong typed code, with a known and an unknown address.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `act`, then waits until no D1 call has happened for a while (the background work is done). */
async function roundTrips(act: () => Promise<unknown>): Promise<number> {
  const spy = spyOnD1();
  try {
    await act();
    let last = -1;
    while (spy.count() !== last) {
      last = spy.count();
      await sleep(150);
    }
    return spy.count();
  } finally {
    spy.restore();
  }
}

async function asBrowser(origin: string, email: string) {
  const portal = new PortalClient(origin);
  await portal.get("/login");
  const login = await roundTrips(() => portal.post("/login", { email }));
  const wrongCode = await roundTrips(() => portal.post("/login/code", { code: "ZZZZ2222" }));
  return { login, wrongCode };
}

describe("equal work for known and unknown addresses", () => {
  it("POST /login and a wrong typed code cost the same D1 round trips either way (the mail itself apart)", async () => {
    const { t, email: known } = await world();
    const unknown = uniqueEmail("nobody");
    const k = await asBrowser(t.origin, known);
    const u = await asBrowser(t.origin, unknown);
    await waitForEvent(t, "signin.link_requested", 2);
    // the only difference: the known address is mailed (the development outbox is a D1
    // insert; in production it is a call to MailChannels), the unknown one is not
    const mailed = (await mailsTo(known)).length;
    expect(mailed).toBe(1);
    expect(await mailsTo(unknown)).toHaveLength(0);
    expect(k.login - mailed).toBe(u.login);
    expect(k.wrongCode).toBe(u.wrongCode);
    // the counts can fail: they are real work, not zero. POST /login is the page's entry
    // and then ONE batch for limits, look-up, token and event (issue 18)
    expect(u.login).toBe(2);
    expect(u.wrongCode).toBeGreaterThan(2);
  });
});
