import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayStart, parseInvoiceFilter } from "../../src/services/invoices/filters";
import { makeInvoice, signedIn } from "./helpers";

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

describe("invoice list: bad query input", () => {
  it("a date that is not one gets a 422 naming the field, tied to it, with the typed text kept", async () => {
    const { portal } = await signedIn();
    const res = await portal.get("/invoices?from=31/01/2026&to=2026-02-30");
    expect(res.status).toBe(422);
    expect(res.html).toContain("Use a date like 2026-01-31.");
    expect(res.html).toContain("That date does not exist.");
    expect(res.html).toMatch(/id="f-from"[^>]*aria-invalid="true"/);
    expect(res.html).toMatch(/aria-describedby="f-from-hint f-from-error"/);
    expect(res.html).toContain('id="f-from-error"');
    expect(res.html).toContain('href="#f-from"');
    expect(res.html).toContain('value="31/01/2026"');
  });

  it("an end before the start is refused with a message", async () => {
    const { portal } = await signedIn();
    const res = await portal.get("/invoices?from=2026-03-01&to=2026-02-01");
    expect(res.status).toBe(422);
    expect(res.html).toContain("The end date must be on or after the start date.");
  });

  it("an unknown sort, order or status is a clear message, not a silent guess", async () => {
    const { portal } = await signedIn();
    const res = await portal.get("/invoices?sort=evil&dir=sideways&status=overdue");
    expect(res.status).toBe(422);
    expect(res.html).toContain("Sort by date, due date, number, total or balance.");
    expect(res.html).toContain("Sort ascending or descending.");
    expect(res.html).toContain("Choose open, paid, past due or all.");
  });

  it("a page number that is not a number, or absurdly large, says so", async () => {
    const { portal } = await signedIn();
    for (const page of ["abc", "0", "-1", "1.5", "99999999999999999999"]) {
      const res = await portal.get(`/invoices?page=${page}`);
      expect(res.status, page).toBe(422);
      expect(res.html).toContain("The page must be a whole number from 1 to 999999.");
    }
  });

  it("a page past the end shows a way back instead of an empty table", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id);
    const res = await portal.get("/invoices?page=999999");
    expect(res.status).toBe(200);
    expect(res.html).toContain("There is no page 999999: these filters give 1 page.");
    expect(res.html).toContain('href="/invoices"'); // page 1 is the default: no query string
  });

  it("a search longer than 100 characters is refused", async () => {
    const { portal } = await signedIn();
    const res = await portal.get(`/invoices?q=${"x".repeat(101)}`);
    expect(res.status).toBe(422);
    expect(res.html).toContain("Search for at most 100 characters.");
  });

  it("markup typed into the search comes back escaped", async () => {
    const { portal } = await signedIn();
    const res = await portal.get(`/invoices?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(res.status).toBe(200);
    expect(res.html).not.toContain("<script>alert(1)</script>");
    expect(unescapeHtml(res.html)).toContain('"><script>alert(1)</script>');
  });

  it("the CSV export refuses bad filters with a plain message instead of exporting something else", async () => {
    const { portal } = await signedIn();
    const res = await portal.fetch("/invoices.csv?from=2026-13-01");
    expect(res.status).toBe(422);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(await res.text()).toContain("from: That date does not exist.");
  });

  it("years before 1970 or read by Date.UTC as 19xx are refused, not shifted", () => {
    expect(dayStart("0099-01-01")).not.toBe(Date.UTC(1999, 0, 1) / 1000);
    expect(dayStart("0099-01-01")!).toBeLessThan(0);
    expect(dayStart("2026-02-30")).toBeNull();
    const r = parseInvoiceFilter(new URLSearchParams("from=0099-01-01"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.from).toBe("Use a date from 1970 on.");
  });

  it("S29: any query string gives a page or a message, never a 500", async () => {
    const { portal } = await signedIn();
    const key = fc.constantFrom("status", "q", "from", "to", "sort", "dir", "page", "format", "x");
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("2026-02-29", "2024-02-29", "9999-12-31", "1970-01-01", "-1", "1e9", "%", "\u0000"));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 5 }), async (pairs) => {
        const q = new URLSearchParams(pairs).toString();
        const res = await portal.get(`/invoices?${q}`);
        expect([200, 422]).toContain(res.status);
      }),
      { numRuns: 40 },
    );
  });
});
