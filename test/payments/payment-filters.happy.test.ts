import { describe, expect, it } from "vitest";
import { makePayment } from "../helpers/fixtures";
import { signedIn } from "../invoices/helpers";

// Issue 17.7: the payment list filters by date range, method and status, in the
// invoices' filter style, and exports what it shows as CSV (formula-safe).

const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`) / 1000;

async function world() {
  const s = await signedIn();
  const card = await makePayment(s.t.scope, s.cust.id, { method: "credit_card", date: day("2026-03-10"), amount: 1111, reference: "REF-CARD" });
  const check = await makePayment(s.t.scope, s.cust.id, { method: "check", date: day("2026-04-10"), amount: 2222, reference: "=HYPERLINK(1)" });
  const failed = await makePayment(s.t.scope, s.cust.id, {
    method: "credit_card",
    status: "failed",
    date: day("2026-05-10"),
    amount: 3333,
    reference: "REF-FAILED",
  });
  return { ...s, card, check, failed };
}

describe("payment list filters and CSV", () => {
  it("filters by method, status and date range, keeping the filter panel open and the values chosen", async () => {
    const { portal } = await world();
    const byMethod = (await portal.get("/payments?method=check")).html;
    expect(byMethod).toContain("$22.22");
    expect(byMethod).not.toContain("$11.11");
    expect(byMethod).toContain('<details class="filter-panel" open="">');
    expect(byMethod).toContain('<option value="check" selected="">Check</option>');
    const byStatus = (await portal.get("/payments?status=failed")).html;
    expect(byStatus).toContain("$33.33");
    expect(byStatus).not.toContain("$22.22");
    const byDates = (await portal.get("/payments?from=2026-03-01&to=2026-04-10")).html;
    expect(byDates).toContain("$11.11");
    expect(byDates).toContain("$22.22");
    expect(byDates).not.toContain("$33.33");
    const unfiltered = (await portal.get("/payments")).html;
    expect(unfiltered).toContain('<details class="filter-panel">');
    expect(unfiltered).toContain("Download these 3 payments as CSV");
  });

  it("says when nothing matches, with the way back, and a bad filter is a 422 naming the field", async () => {
    const { portal } = await world();
    const none = await portal.get("/payments?method=paypal");
    expect(none.html).toContain("No payments match these filters.");
    expect(none.html).toContain("Clear filters to see all 3 payments");
    const bad = await portal.get("/payments?from=2026-02-30&method=gold");
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('href="#pf-from"');
    expect(bad.html).toContain("That date does not exist.");
    expect(bad.html).toContain("Choose a payment method from the list.");
    expect((await portal.get("/payments.csv?status=nope")).status).toBe(422);
  });

  it("exports the filtered payments as CSV, neutralising formulas", async () => {
    const { portal } = await world();
    const res = await portal.fetch("/payments.csv?method=check");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="payments.csv"');
    const text = await res.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("Date,Currency,Amount,Method,Status,Paid,Reference");
    expect(lines[1]).toBe('2026-04-10,USD,22.22,Check,Succeeded,,"\'=HYPERLINK(1)"');
    expect(lines).toHaveLength(3);
    const all = await (await portal.fetch("/payments.csv")).text();
    expect(all.split("\r\n").filter(Boolean)).toHaveLength(4);
  });

  it("a customer without payments is told what to do next, with no empty filter form", async () => {
    const { portal } = await signedIn();
    const h = (await portal.get("/payments")).html;
    expect(h).toContain("You have made no payments yet.");
    expect(h).toContain('<a href="/invoices">See your open invoices to pay one</a>');
    expect(h).not.toContain("filter-panel");
  });
});
