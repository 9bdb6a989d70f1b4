import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { makeInvoice } from "../helpers/fixtures";
import { readPdf, signedIn } from "../invoices/helpers";

// Issue 17.7 and 17.5, the parts with no test of their own: the favicon (the tenant's
// logo or the default, allowed by the CSP), "Partially paid", and an invoice search that
// looks across all statuses.

const iconOf = (html: string) => /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];

describe("pages that look finished (issue 17)", () => {
  it("the favicon is the default one, or the tenant's logo, which the CSP allows", async () => {
    const plain = await signedIn();
    const page = await plain.portal.get("/account");
    expect(iconOf(page.html)).toBe("/favicon.svg");
    // static/ is served by the assets layer in front of the worker
    const res = await env.ASSETS.fetch("https://assets.invalid/favicon.svg");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^image\/svg\+xml/);
    expect(await res.text()).toContain("<svg");

    const branded = await signedIn({ logoUrl: "https://cdn.acme.example/logo.png" });
    const withLogo = await branded.portal.fetch("/account");
    expect(iconOf(await withLogo.text())).toBe("https://cdn.acme.example/logo.png");
    // favicons are images to the CSP: https: images are allowed, nothing else is opened up
    expect(withLogo.headers.get("Content-Security-Policy")).toMatch(/img-src 'self' data: https:/);
  });

  it("a part-paid invoice says 'Partially paid' on the list, the page and the PDF; past due wins", async () => {
    const { t, cust, portal } = await signedIn();
    const part = await makeInvoice(t.scope, cust.id, { number: "INV-PART-1", balance: 4000 });
    const late = await makeInvoice(t.scope, cust.id, { number: "INV-PART-2", balance: 4000, dueDate: 1_000 });
    const list = (await portal.get("/invoices")).html;
    const rowOf = (n: string) => list.slice(list.indexOf(n), list.indexOf("</tr>", list.indexOf(n)));
    expect(rowOf("INV-PART-1")).toContain("Partially paid");
    expect(rowOf("INV-PART-2")).toContain("Past due");
    expect((await portal.get(`/invoices/${part.publicId}`)).html).toContain("Partially paid");
    expect((await readPdf(await portal.fetch(`/invoices/${part.publicId}/pdf`))).text).toContain("Partially paid");
    expect((await portal.get(`/invoices/${late.publicId}`)).html).not.toContain("Partially paid");
  });

  it("a search without a status finds paid invoices too", async () => {
    const { t, cust, portal } = await signedIn();
    await makeInvoice(t.scope, cust.id, { number: "INV-FINDME-PAID", status: "paid", paid: true, balance: 0 });
    await makeInvoice(t.scope, cust.id, { number: "INV-FINDME-OPEN" });
    const html = (await portal.get("/invoices?q=FINDME")).html;
    expect(html).toContain("INV-FINDME-PAID");
    expect(html).toContain("INV-FINDME-OPEN");
  });
});
