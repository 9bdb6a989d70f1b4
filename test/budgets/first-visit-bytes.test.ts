import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { PortalClient } from "../helpers/portal";
import { routeFor } from "./pages";
import { makeWorld, type World } from "./world";

// Issue 7: what a first visit costs on the wire. The HTML of the page plus every
// same-origin file it loads (stylesheets, scripts, images, icons, and what the
// stylesheets pull in), each compressed with gzip as it would travel, must stay
// within 30 KB. The files are discovered from the page itself, so a new stylesheet,
// script or font counts without touching this test.

const BUDGET_BYTES = 30 * 1024;

const PAGES = [
  { name: "login page", path: "/login", signedIn: false },
  { name: "My Account", path: "/account", signedIn: true },
];

let world: World;
beforeAll(async () => {
  world = await makeWorld();
});

async function gzipSize(body: ArrayBuffer): Promise<number> {
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/** Same-origin paths a page loads: <link href> (stylesheet, icon, preload), <script src>, <img src>. */
function subresources(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    const rel = /\brel="([^"]*)"/i.exec(tag)?.[1]?.toLowerCase() ?? "";
    const href = /\bhref="([^"]*)"/i.exec(tag)?.[1];
    if (href && /stylesheet|icon|preload|modulepreload|manifest/.test(rel)) found.push(href);
  }
  for (const m of html.matchAll(/<(?:script|img)\b[^>]*\bsrc="([^"]*)"/gi)) found.push(m[1]!);
  return found.filter(sameOrigin);
}

/** What a stylesheet pulls in: @import and url(...) (fonts, images), data: URLs excluded. */
function cssSubresources(css: string): string[] {
  const found: string[] = [];
  for (const m of css.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/gi)) found.push(m[1]!);
  for (const m of css.matchAll(/@import\s+['"]([^'"]+)['"]/gi)) found.push(m[1]!);
  return found.filter(sameOrigin);
}

function sameOrigin(url: string): boolean {
  return !/^(data:|[a-z]+:\/\/|\/\/)/i.test(url);
}

/**
 * A static file the way production serves it: the assets router answers files in
 * static/ (htmx is copied to static/vendor by `npm install`), the worker the rest.
 */
async function fetchAsset(client: PortalClient, path: string): Promise<Response> {
  const url = new URL(path, world.origin);
  const file = await env.ASSETS.fetch(url);
  if (file.status !== 404) return file;
  return client.fetch(url.pathname + url.search);
}

describe("bytes on the wire for a first visit", () => {
  for (const page of PAGES) {
    it(`${page.name}: HTML + CSS + scripts, gzipped, at most ${BUDGET_BYTES} bytes`, async (ctx) => {
      if (!routeFor("GET", page.path)) ctx.skip(`no GET route serves ${page.path} on this branch yet`);
      const client = new PortalClient(world.origin);
      if (page.signedIn) await client.signInAs(world.scope, world.tenant, world.customer.id);
      const res = await client.fetch(page.path);
      expect(res.status).toBe(200);
      const html = await res.arrayBuffer();

      const sizes: Record<string, number> = { [page.path]: await gzipSize(html) };
      const queue = subresources(new TextDecoder().decode(html));
      expect(queue, "the page loads its stylesheet and htmx").toEqual(expect.arrayContaining(["/styles.css", "/vendor/htmx.min.js"]));
      while (queue.length) {
        const path = queue.shift()!;
        if (path in sizes) continue;
        const asset = await fetchAsset(client, path);
        expect(asset.status, `${path} is served (htmx is copied to static/vendor by npm install)`).toBe(200);
        const body = await asset.arrayBuffer();
        sizes[path] = await gzipSize(body);
        if ((asset.headers.get("Content-Type") ?? "").includes("css")) queue.push(...cssSubresources(new TextDecoder().decode(body)));
      }
      const total = Object.values(sizes).reduce((a, b) => a + b, 0);
      expect(total, `gzipped bytes: ${JSON.stringify(sizes)}`).toBeLessThanOrEqual(BUDGET_BYTES);
    });
  }

  it("the budget counts what it should (so it can fail)", async () => {
    // the accessibility statement uses the same layout as every page: its files are found and weigh something
    const client = new PortalClient(world.origin);
    const res = await client.fetch("/accessibility");
    const found = subresources(await res.text());
    expect(found).toEqual(expect.arrayContaining(["/styles.css", "/theme.css", "/vendor/htmx.min.js"]));
    const htmx = await fetchAsset(client, "/vendor/htmx.min.js");
    expect(await gzipSize(await htmx.arrayBuffer())).toBeGreaterThan(5_000);
  });
});
