import { describe, expect, it } from "vitest";
import { importsOf, type Sources } from "./support/imports";

// Issue 11: one way to do each thing, and dependencies that point down. Each rule
// below is checked on the real sources, so new code that crosses a layer (or adds a
// second writer of the audit trail) fails here with the file named.
const sources: Sources = import.meta.glob<string>("../../src/**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true });

const under = (dir: string) => (path: string) => path.startsWith(`src/${dir}/`);
const files = (pred: (path: string) => boolean) => importsOf(sources).filter((f) => pred(f.path));

/** What a view may not import: output channels and request handling (S-free, issue 11 item 3). */
const NOT_FOR_VIEWS = [
  /^src\/services\/pdf\//,
  /^src\/services\/email\//,
  /^src\/services\/gateways\//,
  /^src\/services\/api\//,
  /^src\/services\/pay\/receipt/,
  /^src\/routes\//,
  /(^|[/-])forms?(\/|\.tsx?$)/, // form parsing lives beside the routes that read forms
];

describe("layering", () => {
  it("found the sources and their imports", () => {
    const all = importsOf(sources);
    expect(all.length).toBeGreaterThan(100);
    expect(all.some((f) => f.imports.includes("src/db/scope.ts"))).toBe(true);
  });

  it("services, db, lib and presentation never import views", () => {
    const offenders = files((p) => ["services", "db", "lib", "presentation"].some((d) => under(d)(p))).flatMap((f) =>
      f.imports.filter(under("views")).map((to) => `${f.path} -> ${to}`),
    );
    expect(offenders).toEqual([]);
  });

  it("nothing below the routes imports them (form parsing and plumbing stay at the edge)", () => {
    const offenders = files((p) => ["services", "db", "lib", "presentation", "views"].some((d) => under(d)(p))).flatMap((f) =>
      f.imports.filter(under("routes")).map((to) => `${f.path} -> ${to}`),
    );
    expect(offenders).toEqual([]);
  });

  it("presentation imports only lib, db types and itself: it is what every channel shares", () => {
    const offenders = files(under("presentation")).flatMap((f) =>
      f.imports.filter((to) => !/^src\/(lib|presentation|db)\//.test(to)).map((to) => `${f.path} -> ${to}`),
    );
    expect(offenders).toEqual([]);
  });

  it("views import no PDF, email, gateway, API, route or form modules", () => {
    const offenders = files(under("views")).flatMap((f) =>
      f.imports.filter((to) => !to.startsWith("src/views/") && NOT_FOR_VIEWS.some((re) => re.test(to))).map((to) => `${f.path} -> ${to}`),
    );
    expect(offenders).toEqual([]);
  });

  it("exactly one module writes the audit trail (src/db/events.ts)", () => {
    const writers = Object.entries(sources)
      .filter(([, text]) => /insert\(\s*events\s*\)/.test(text))
      .map(([path]) => path.replace(/^.*\/src\//, "src/"));
    expect(writers).toEqual(["src/db/events.ts"]);
  });

  it("exactly one module holds the batch helpers (src/db/batch.ts)", () => {
    const defining = (re: RegExp) =>
      Object.entries(sources)
        .filter(([, text]) => re.test(text))
        .map(([path]) => path.replace(/^.*\/src\//, "src/"));
    // the guard statement, rows-changed readers and the batch statement list type
    expect(defining(/changes\(\)\s*=\s*1\s*THEN/)).toEqual(["src/db/batch.ts"]);
    expect(defining(/meta\??\.changes/)).toEqual(["src/db/batch.ts"]);
    expect(defining(/Parameters<[^>]*\["batch"\]>/)).toEqual([]);
    expect(defining(/as unknown as (BatchStatements|Batch)\b/)).toEqual([]);
  });
});
