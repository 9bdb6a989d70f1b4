import { describe, expect, it } from "vitest";
import { DAY, nowSeconds } from "../../src/lib/time";
import { insertInvoices, makeInvoice, payInvoices, signedIn } from "./helpers";

const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`) / 1000;

describe("invoice list: happy paths", () => {
  it("shows open invoices by default, newest first, with a totals row of the whole filtered list", async () => {
    const { t, cust, portal } = await signedIn();
    const now = nowSeconds();
    const a = await makeInvoice(t.scope, cust.id, { number: "INV-A1", date: now - 30 * DAY }, [{ unitCost: 10000 }]);
    const b = await makeInvoice(t.scope, cust.id, { number: "INV-B2", date: now - 5 * DAY }, [{ unitCost: 2550 }]);
    const paid = await makeInvoice(t.scope, cust.id, { number: "INV-PAID" });
    await payInvoices(t, cust.id, [{ invoice: paid, amount: paid.total }]);

    const res = await portal.get("/invoices");
    expect(res.status).toBe(200);
    expect(res.html).toContain("INV-A1");
    expect(res.html).toContain("INV-B2");
    expect(res.html).not.toContain("INV-PAID");
    expect(res.html.indexOf("INV-B2")).toBeLessThan(res.html.indexOf("INV-A1"));
    expect(res.html).toContain(`/invoices/${a.publicId}`);
    expect(res.html).toContain(`/invoices/${b.publicId}`);
    expect(res.html).toMatch(/Total of 2 invoices in USD/);
    expect(res.html).toContain("$125.50");
  });

  it("the CSV link names one invoice in the singular and several in the plural", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { number: "ONE-1" });
    expect((await portal.get("/invoices")).html).toContain("Download this invoice as CSV");
    await makeInvoice(t.scope, cust.id, { number: "TWO-2" });
    expect((await portal.get("/invoices")).html).toContain("Download these 2 invoices as CSV");
  });

  it("filters by status: paid, past due, all", async () => {
    const { t, cust, portal } = await signedIn();
    const now = nowSeconds();
    await makeInvoice(t.scope, cust.id, { number: "OPEN-1", dueDate: now + 5 * DAY });
    await makeInvoice(t.scope, cust.id, { number: "LATE-1", dueDate: now - 3 * DAY }); // still "sent": late by the clock
    await makeInvoice(t.scope, cust.id, { number: "LATE-2", status: "past_due", dueDate: now - 40 * DAY });
    const paid = await makeInvoice(t.scope, cust.id, { number: "PAID-1", dueDate: now - 3 * DAY });
    await payInvoices(t, cust.id, [{ invoice: paid, amount: paid.total }]);

    const only = async (q: string) => {
      const html = (await portal.get(`/invoices?${q}`)).html;
      return ["OPEN-1", "LATE-1", "LATE-2", "PAID-1"].filter((n) => html.includes(n));
    };
    expect(await only("status=open")).toEqual(["OPEN-1", "LATE-1", "LATE-2"]);
    expect(await only("status=past_due")).toEqual(["LATE-1", "LATE-2"]);
    expect(await only("status=paid")).toEqual(["PAID-1"]);
    expect(await only("status=all")).toEqual(["OPEN-1", "LATE-1", "LATE-2", "PAID-1"]);
    // the badge says it in words
    expect((await portal.get("/invoices?status=past_due")).html).toContain("Past due");
  });

  it("searches by number or purchase order, case-insensitively; % and _ are literal", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { number: "INV-7001", purchaseOrder: "PO-ALPHA" });
    await makeInvoice(t.scope, cust.id, { number: "INV-7002", purchaseOrder: "po-beta" });
    await makeInvoice(t.scope, cust.id, { number: "INV_100%", purchaseOrder: null });

    const found = async (q: string) => {
      const html = (await portal.get(`/invoices?status=all&q=${encodeURIComponent(q)}`)).html;
      return ["INV-7001", "INV-7002", "INV_100%"].filter((n) => html.includes(n));
    };
    expect(await found("7001")).toEqual(["INV-7001"]);
    expect(await found("BETA")).toEqual(["INV-7002"]);
    expect(await found("po-")).toEqual(["INV-7001", "INV-7002"]);
    expect(await found("%")).toEqual(["INV_100%"]);
    expect(await found("_1")).toEqual(["INV_100%"]);
    expect((await portal.get("/invoices?q=nothing-like-this")).html).toContain("No invoices match these filters.");
  });

  it("limits to a date range, both ends inclusive (whole UTC days)", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { number: "D-JAN31", date: day("2026-01-31") });
    await makeInvoice(t.scope, cust.id, { number: "D-FEB01", date: Date.parse("2026-02-01T00:00:00Z") / 1000 });
    await makeInvoice(t.scope, cust.id, { number: "D-FEB28", date: Date.parse("2026-02-28T23:59:59Z") / 1000 });
    await makeInvoice(t.scope, cust.id, { number: "D-MAR01", date: Date.parse("2026-03-01T00:00:00Z") / 1000 });
    const html = (await portal.get("/invoices?status=all&from=2026-02-01&to=2026-02-28")).html;
    expect(["D-JAN31", "D-FEB01", "D-FEB28", "D-MAR01"].filter((n) => html.includes(n))).toEqual(["D-FEB01", "D-FEB28"]);
    // the form shows the range back
    expect(html).toContain('value="2026-02-01"');
    expect(html).toContain('value="2026-02-28"');
    const onlyFrom = (await portal.get("/invoices?status=all&from=2026-03-01")).html;
    expect(["D-JAN31", "D-FEB01", "D-FEB28", "D-MAR01"].filter((n) => onlyFrom.includes(n))).toEqual(["D-MAR01"]);
  });

  it("sorts by number, total, balance and due date in either direction", async () => {
    const { t, cust, portal } = await signedIn();
    const now = nowSeconds();
    await makeInvoice(t.scope, cust.id, { number: "S-B", dueDate: now + 1 * DAY }, [{ unitCost: 300 }]);
    await makeInvoice(t.scope, cust.id, { number: "S-A", dueDate: now + 3 * DAY }, [{ unitCost: 200 }]);
    await makeInvoice(t.scope, cust.id, { number: "S-C", dueDate: now + 2 * DAY }, [{ unitCost: 100 }]);
    const order = async (q: string) => {
      const html = (await portal.get(`/invoices?${q}`)).html;
      return ["S-A", "S-B", "S-C"].sort((x, y) => html.indexOf(`>${x}<`) - html.indexOf(`>${y}<`));
    };
    expect(await order("sort=number&dir=asc")).toEqual(["S-A", "S-B", "S-C"]);
    expect(await order("sort=number&dir=desc")).toEqual(["S-C", "S-B", "S-A"]);
    expect(await order("sort=total&dir=desc")).toEqual(["S-B", "S-A", "S-C"]);
    expect(await order("sort=balance&dir=asc")).toEqual(["S-C", "S-A", "S-B"]);
    expect(await order("sort=due_date&dir=asc")).toEqual(["S-B", "S-C", "S-A"]);
  });

  it("pages on the server (25 a page), keeps the filters in the page links, and totals cover every page", async () => {
    const { t, cust, portal } = await signedIn();
    const base = nowSeconds() - 100 * DAY;
    const rows = Array.from({ length: 27 }, (_, i) => ({
      publicId: `pg${String(i).padStart(2, "0")}${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`,
      customerId: cust.id,
      number: `PG-${String(i).padStart(3, "0")}`,
      currency: "usd",
      status: "sent" as const,
      date: base + i * DAY,
      dueDate: base + i * DAY + 30 * DAY,
      subtotal: 1000,
      total: 1000,
      balance: 1000,
      createdAt: base,
      updatedAt: base,
    }));
    await insertInvoices(t, rows);

    const first = await portal.get("/invoices?sort=number&dir=asc&q=PG-");
    expect(first.html).toContain("PG-000");
    expect(first.html).toContain("PG-024");
    expect(first.html).not.toContain("PG-025");
    expect(first.html).toContain("Page 1 of 2");
    expect(first.html).toMatch(/Total of 27 invoices in USD/);
    expect(first.html).toContain("$270.00");
    const next = /href="([^"]*page=2[^"]*)" rel="next"/.exec(first.html)![1]!.replace(/&amp;/g, "&");
    expect(next).toContain("sort=number");
    expect(next).toContain("q=PG-");
    const second = await portal.get(next);
    expect(second.html).toContain("PG-025");
    expect(second.html).toContain("PG-026");
    expect(second.html).not.toContain("PG-024");
    expect(second.html).toContain("$270.00");
  });

  it("keeps each currency's totals apart", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { currency: "usd" }, [{ unitCost: 1050 }]);
    await makeInvoice(t.scope, cust.id, { currency: "jpy" }, [{ unitCost: 1235 }]);
    await makeInvoice(t.scope, cust.id, { currency: "jpy" }, [{ unitCost: 1000 }]);
    const html = (await portal.get("/invoices")).html;
    expect(html).toMatch(/Total of 1 invoice in USD/);
    expect(html).toMatch(/Total of 2 invoices in JPY/);
    expect(html).toContain("¥2,235");
    expect(html).not.toContain("¥2,235.00");
    expect(html).toContain("$10.50");
  });

  it("costs at most three D1 round trips, tenant and session lookups included", async () => {
    const { t, cust, portal } = await signedIn();
    for (let i = 0; i < 3; i++) await makeInvoice(t.scope, cust.id);
    const res = await portal.get("/invoices?status=all&q=INV&sort=total");
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("X-D1-Round-Trips"))).toBeLessThanOrEqual(3);
  });

  it("links to a CSV of the same filters", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { purchaseOrder: "PO-9" });
    const html = (await portal.get("/invoices?status=all&q=PO-9&sort=total&dir=asc")).html;
    const href = /href="(\/invoices\.csv[^"]*)"/.exec(html)![1]!.replace(/&amp;/g, "&");
    const params = new URL(href, t.origin).searchParams;
    expect(Object.fromEntries(params)).toEqual({ status: "all", q: "PO-9", sort: "total", dir: "asc" });
  });
});
