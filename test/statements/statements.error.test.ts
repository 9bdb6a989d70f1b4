import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nowSeconds } from "../../src/lib/time";
import { currentMonth, monthOf } from "../../src/services/statements/statement";
import { signedIn } from "../invoices/helpers";

describe("statements: bad query input", () => {
  it("a month that is not one gets a 422 with the message tied to the field and the text kept", async () => {
    const { portal } = await signedIn();
    for (const month of ["2026-13", "Oct 2026", "2026-1", "1969-12"]) {
      const res = await portal.get(`/statements?type=balance_forward&month=${encodeURIComponent(month)}`);
      expect(res.status, month).toBe(422);
      expect(res.html).toContain("Use a month like 2026-01 (year, then month).");
      expect(res.html).toMatch(/id="s-month"[^>]*aria-invalid="true"/);
      expect(res.html).toContain('aria-describedby="s-month-hint s-month-error"');
      expect(res.html).toContain(`value="${month}"`);
    }
  });

  it("a month in the future is refused, naming the latest allowed", async () => {
    const { portal } = await signedIn();
    const cur = currentMonth(nowSeconds());
    const next = cur.month === 12 ? monthOf(cur.year + 1, 1) : monthOf(cur.year, cur.month + 1);
    const res = await portal.get(`/statements?month=${next.key}`);
    expect(res.status).toBe(422);
    expect(res.html).toContain(`Choose ${cur.key} or an earlier month.`);
  });

  it("an unknown statement type is a clear message", async () => {
    const { portal } = await signedIn();
    const res = await portal.get("/statements?type=everything");
    expect(res.status).toBe(422);
    expect(res.html).toContain("Choose a balance forward or an open item statement.");
  });

  it("the PDF link with bad input answers with the page and its message, not a broken PDF", async () => {
    const { portal } = await signedIn();
    const res = await portal.get("/statements/pdf?type=balance_forward&month=2026-99");
    expect(res.status).toBe(422);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(res.html).toContain("Use a month like 2026-01");
  });

  it("S29: any query string gives a statement or a message, never a 500", async () => {
    const { portal } = await signedIn();
    const key = fc.constantFrom("type", "month", "x");
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("open_item", "balance_forward", "2026-02", "0000-00", "9999-12", "\u0000"));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 4 }), async (pairs) => {
        const q = new URLSearchParams(pairs).toString();
        for (const path of ["/statements", "/statements/pdf"]) {
          const res = await portal.fetch(`${path}?${q}`);
          await res.arrayBuffer();
          expect([200, 422]).toContain(res.status);
        }
      }),
      { numRuns: 25 },
    );
  });
});
