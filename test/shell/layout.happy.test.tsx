import { describe, expect, it } from "vitest";
import { Layout } from "../../src/views/layout";

const tenant = { name: "Acme & Co", logoUrl: null, highlightColor: "#123456", paymentGateway: "stripe" as const };

describe("layout", () => {
  it("marks exactly the active navigation entry with aria-current", async () => {
    const html = String(
      <Layout title="Invoices" tenant={tenant} customer={{ name: "Ada" }} csrfToken="tok" active="invoices">
        <h1>Invoices</h1>
      </Layout>,
    );
    expect(html.match(/aria-current="page"/g)).toHaveLength(1);
    expect(html).toContain('<a href="/invoices" aria-current="page">Invoices</a>');
  });

  it("keeps the htmx config that swaps 4xx answers, so re-rendered forms with errors show", () => {
    const html = String(<Layout title="x" tenant={tenant} />);
    const m = /<meta name="htmx-config" content="([^"]+)"/.exec(html)!;
    const config = JSON.parse(m[1]!.replace(/&quot;/g, '"'));
    expect(config.responseHandling).toContainEqual({ code: "4..", swap: true, error: false });
    expect(config.allowEval).toBe(false);
  });

  it("the sign-out form carries the CSRF token", () => {
    const html = String(<Layout title="x" tenant={tenant} customer={{ name: "Ada" }} csrfToken="tok123" />);
    expect(html).toContain('<form method="post" action="/logout" class="signout"><input type="hidden" name="_csrf" value="tok123"/>');
  });

  it("escapes the tenant's name", () => {
    const html = String(<Layout title="x" tenant={tenant} />);
    expect(html).toContain("Acme &amp; Co");
  });
});
