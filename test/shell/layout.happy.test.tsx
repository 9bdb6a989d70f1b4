import type { Child } from "hono/jsx";
import { RequestContext } from "hono/jsx-renderer";
import { describe, expect, it } from "vitest";
import { Layout } from "../../src/views/layout";

const tenant = { name: "Acme & Co", logoUrl: null, highlightColor: "#123456", paymentGateway: "stripe" as const };

/** The layout reads the tenant, customer and CSRF token from the request, as c.render provides it. */
const render = (vars: { customer?: { name: string }; csrfToken?: string }, page: Child) => {
  const v: Record<string, unknown> = { tenant, customer: null, csrfToken: "", ...vars };
  return String(<RequestContext.Provider value={{ get: (k: string) => v[k] } as never}>{page}</RequestContext.Provider>);
};

describe("layout", () => {
  it("marks exactly the active navigation entry with aria-current", async () => {
    const html = render(
      { customer: { name: "Ada" }, csrfToken: "tok" },
      <Layout title="Invoices" active="invoices">
        <h1>Invoices</h1>
      </Layout>,
    );
    expect(html.match(/aria-current="page"/g)).toHaveLength(1);
    expect(html).toContain('<a href="/invoices" aria-current="page">Invoices</a>');
  });

  it("keeps the htmx config that swaps 4xx answers, so re-rendered forms with errors show", () => {
    const html = render({}, <Layout title="x" />);
    const m = /<meta name="htmx-config" content="([^"]+)"/.exec(html)!;
    const config = JSON.parse(m[1]!.replace(/&quot;/g, '"'));
    expect(config.responseHandling).toContainEqual({ code: "4..", swap: true, error: false });
    expect(config.allowEval).toBe(false);
  });

  it("the sign-out form carries the CSRF token", () => {
    const html = render({ customer: { name: "Ada" }, csrfToken: "tok123" }, <Layout title="x" />);
    expect(html).toContain('<form method="post" action="/logout" class="signout"><input type="hidden" name="_csrf" value="tok123"/>');
  });

  it("a page whose URL carries a sign-in token shows no signed-in header or navigation", () => {
    const html = render({ customer: { name: "Ada" }, csrfToken: "tok123" }, <Layout title="x" carriesToken />);
    expect(html).not.toContain("Signed in as");
    expect(html).not.toContain('action="/logout"');
    expect(html).not.toContain('<nav aria-label="Main"');
  });

  it("escapes the tenant's name", () => {
    const html = render({}, <Layout title="x" />);
    expect(html).toContain("Acme &amp; Co");
  });
});
