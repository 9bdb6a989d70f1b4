import { describe, expect, it } from "vitest";
import { makeEstimate } from "../helpers/fixtures";
import { signedIn } from "../invoices/helpers";

// Issue 17.7: the estimate list has the invoices' filter style: status, search and
// date range behind one "Filter" control, and an empty list says what to do next.

const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`) / 1000;

describe("estimate list filters", () => {
  it("filters by status, number or title, and date range, with the panel open while set", async () => {
    const { t, cust, portal } = await signedIn();
    await makeEstimate(t.scope, cust.id, { number: "EST-ROOF", name: "New roof", date: day("2026-02-01") });
    await makeEstimate(t.scope, cust.id, { number: "EST-DECK", name: "Garden deck", date: day("2026-06-01") });
    await makeEstimate(t.scope, cust.id, { number: "EST-NOPE", status: "declined", date: day("2026-06-02") });
    const search = (await portal.get("/estimates?q=roof")).html;
    expect(search).toContain("EST-ROOF");
    expect(search).not.toContain("EST-DECK");
    expect(search).toContain('<details class="filter-panel" open="">');
    const dated = (await portal.get("/estimates?from=2026-05-01&to=2026-06-01")).html;
    expect(dated).toContain("EST-DECK");
    expect(dated).not.toContain("EST-ROOF");
    expect(dated).not.toContain("EST-NOPE");
    const declined = (await portal.get("/estimates?filter=declined")).html;
    expect(declined).toContain("EST-NOPE");
    expect(declined).toContain('<option value="declined" selected="">Declined</option>');
    expect((await portal.get("/estimates")).html).toContain('<details class="filter-panel">');
  });

  it("a bad date is a 422 naming the field; nothing matching says how to clear", async () => {
    const { t, cust, portal } = await signedIn();
    await makeEstimate(t.scope, cust.id, { number: "EST-ONE" });
    const bad = await portal.get("/estimates?from=2026-13-01");
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('href="#ef-from"');
    const none = (await portal.get("/estimates?q=zzzz")).html;
    expect(none).toContain("No estimates match these filters.");
    expect(none).toContain('<a href="/estimates">Clear filters to see all your estimates</a>');
  });

  it("no estimates at all: a sentence and where to go, no filter form", async () => {
    const { portal } = await signedIn();
    const h = (await portal.get("/estimates")).html;
    expect(h).toContain("You have no estimates.");
    expect(h).toContain('<a href="/invoices">See your invoices instead</a>');
    expect(h).not.toContain("filter-panel");
  });
});
