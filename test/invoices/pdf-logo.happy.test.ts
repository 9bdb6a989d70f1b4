import { describe, expect, it, vi } from "vitest";
import { type LogoFetch, logoFetchFor, pdfLogo } from "../../src/services/pdf/logo";
import { makeEstimate } from "../helpers/fixtures";
import { makeInvoice, readPdf, signedIn } from "./helpers";

// Issue 17.7: the merchant's logo on its PDFs. The tenant's logo_url is read once per
// isolate (src/services/pdf/logo.ts); a URL under the portal's own domain is a static
// file (static/demo-logo.png, 480 × 128 px RGBA), so these tests need no network.

const LOGO = "https://logo.localhost/demo-logo.png";
// a 12 × 6 px JPEG (red), as Chromium writes one
const JPEG = Uint8Array.from(
  atob(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAGAAwDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCdAHrB/9k=",
  ),
  (c) => c.charCodeAt(0),
);

/** A fetch that answers every URL with `body` and counts its calls. */
function fakeFetch(body: BodyInit | null, init: ResponseInit = {}): LogoFetch & { calls: number } {
  const f = Object.assign(
    async () => {
      f.calls++;
      return new Response(body, init);
    },
    { calls: 0 },
  );
  return f;
}

let n = 0;
const freshUrl = () => `https://merchant${n++}.example/logo`;

describe("PDFs carry the merchant's logo (issue 17.7)", () => {
  it("the invoice and estimate PDFs draw the tenant's PNG logo above the letterhead, with its alpha mask", async () => {
    const { t, cust, portal } = await signedIn({ logoUrl: LOGO, supportEmail: "billing@acme.example" });
    const inv = await makeInvoice(t.scope, cust.id, { status: "sent" });
    const est = await makeEstimate(t.scope, cust.id, { status: "sent", draft: false });
    for (const path of [`/invoices/${inv.publicId}/pdf`, `/estimates/${est.publicId}/pdf`]) {
      const res = await portal.fetch(path);
      expect(res.status, path).toBe(200);
      const pdf = await readPdf(res);
      expect(pdf.text, path).toMatch(/\/Subtype \/Image[\s\S]*?\/Width 480/);
      expect(pdf.text, path).toContain("/SMask");
      // at the left margin (48 pt), scaled to 180 × 48 pt (480 × 128 px, never enlarged)
      expect(pdf.text, `${path}: drawn at 180 × 48 pt`).toMatch(/1 0 0 1 48 [\d.]+ cm[\s\S]{0,80}180 0 0 48 0 0 cm[\s\S]{0,40}\/Logo-\d+ Do/);
      expect(pdf.text, path).toContain("billing@acme.example");
    }
  });

  it("the 'Pay online' address is a link in PDF readers, and says where to pay", async () => {
    const { t, cust, portal } = await signedIn();
    const inv = await makeInvoice(t.scope, cust.id, { status: "sent" });
    const pdf = await readPdf(await portal.fetch(`/invoices/${inv.publicId}/pdf`));
    expect(pdf.text).toContain("Pay online");
    expect(pdf.text).toMatch(new RegExp(`/Subtype /Link[\\s\\S]*?/URI \\(http://[^)]+/pay\\?invoice=${inv.publicId}\\)`));
    expect(pdf.doc.getPages()[0]?.node.Annots()?.size()).toBe(1);
  });

  it("without a logo, or with one that cannot be read, the PDF is drawn with the name alone", async () => {
    for (const logoUrl of [null, "https://logo.localhost/no-such-file.png", "https://logo.localhost/favicon.svg"]) {
      const { t, cust, portal } = await signedIn({ logoUrl });
      const inv = await makeInvoice(t.scope, cust.id, { status: "sent" });
      const pdf = await readPdf(await portal.fetch(`/invoices/${inv.publicId}/pdf`));
      expect(pdf.text, String(logoUrl)).not.toContain("/Subtype /Image");
      expect(pdf.text).toContain(t.tenant.name);
    }
  });

  it("takes a JPEG, refuses other formats, errors and oversized files, and reuses an answer instead of fetching again", async () => {
    const jpeg = fakeFetch(JPEG, { headers: { "content-type": "image/jpeg" } });
    const url = freshUrl();
    const logo = await pdfLogo(url, jpeg);
    expect(logo && [logo.width, logo.height, logo.mask]).toEqual([12, 6, null]);
    expect(logo?.image.dict.toString()).toContain("/Filter /DCTDecode");
    await pdfLogo(url, jpeg);
    expect(jpeg.calls, "once per isolate and URL").toBe(1);

    expect(await pdfLogo(freshUrl(), fakeFetch("<html>not an image</html>"))).toBeNull();
    expect(await pdfLogo(freshUrl(), fakeFetch(JPEG, { status: 404 }))).toBeNull();
    expect(await pdfLogo(freshUrl(), fakeFetch(new Uint8Array(300 * 1024).fill(0xff)))).toBeNull();
    // a PNG header claiming 5000 × 5000 pixels is refused before anything is decoded
    const hugePng = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0x13, 0x88, 0, 0, 0x13, 0x88, 8, 6, 0, 0, 0,
    ]);
    expect(await pdfLogo(freshUrl(), fakeFetch(hugePng))).toBeNull();
    // a JPEG signature on bytes that are not one
    expect(await pdfLogo(freshUrl(), fakeFetch(Uint8Array.from([0xff, 0xd8, 0xff, 0, 1, 2, 3])))).toBeNull();

    const failing = Object.assign(
      async () => {
        failing.calls++;
        throw new Error("unreachable");
      },
      { calls: 0 },
    );
    const broken = freshUrl();
    expect(await pdfLogo(broken, failing)).toBeNull();
    expect(await pdfLogo(broken, failing)).toBeNull();
    expect(failing.calls, "a failure is remembered too").toBe(1);
    expect(await pdfLogo(null, failing)).toBeNull();
  });
});

describe("the logo fetch is a server-side request the merchant points (SSRF guard)", () => {
  const env = { ENVIRONMENT: "production", PORTAL_DOMAIN: "portal.example" };
  it("refuses private, loopback, metadata and local names without a network call, and follows no redirect", async () => {
    const calls: { url: string; redirect: string | undefined }[] = [];
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      calls.push({ url: String(input), redirect: init?.redirect });
      return new Response(null, { status: 302, headers: { location: "http://169.254.169.254/" } });
    });
    try {
      const doFetch = logoFetchFor(env);
      for (const url of [
        "https://127.0.0.1/logo.png",
        "https://169.254.169.254/latest",
        "https://[::1]/x.png",
        "https://10.0.0.7/x.png",
        "https://localhost/x.png",
        "https://printer.local/x.png",
      ])
        expect((await doFetch(url, {})).status).toBe(403);
      expect(calls).toEqual([]);
      const res = await doFetch("https://cdn.merchant.example/logo.png", {});
      expect(res.status).toBe(302);
      expect(calls).toEqual([{ url: "https://cdn.merchant.example/logo.png", redirect: "manual" }]);
    } finally {
      spy.mockRestore();
    }
  });
});
