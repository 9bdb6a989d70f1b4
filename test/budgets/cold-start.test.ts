import { describe, expect, it } from "vitest";
import { edgesOf, type Sources, staticallyReached } from "./static-imports";

// Issue 18 item 3: a light cold start. Every module src/index.ts reaches through static
// imports is evaluated before the first request, whatever the request is; pdf-lib and
// the Stripe SDK are a large part of the bundle and only PDFs and payments use them, so
// they must be reached through `import()` only (src/services/pdf/document.ts,
// src/services/gateways/stripe-gateway.ts load them once per isolate, on first use).
// `npm run bench` reports what the startup costs (docs/benchmarks.md, "Startup").
const sources: Sources = import.meta.glob<string>("../../src/**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true });

// jose: only SSO sign-ins verify tokens (src/services/signin/sso.ts)
const HEAVY = ["pdf-lib", "stripe", "jose"];
const ENTRY = "src/index.ts";

const isPackage = (to: string, pkg: string) => to === pkg || to.startsWith(`${pkg}/`);

describe("cold start: heavy modules load on first use", () => {
  const graph = edgesOf(sources);
  const reached = staticallyReached(graph, ENTRY);

  it("read the sources: the entry reaches most of src/ statically", () => {
    expect(graph.has(ENTRY)).toBe(true);
    expect(reached.size).toBeGreaterThan(100);
    expect(reached.has("hono")).toBe(true);
  });

  for (const pkg of HEAVY) {
    it(`no static import chain from ${ENTRY} reaches ${pkg}`, () => {
      const chains = [...reached].filter(([to]) => isPackage(to, pkg)).map(([, chain]) => chain.join(" -> "));
      expect(chains).toEqual([]);
    });

    it(`${pkg} is still used, through import()`, () => {
      const dynamic = [...graph.values()].flat().filter((e) => e.dynamic && isPackage(e.to, pkg));
      expect(dynamic.length).toBeGreaterThan(0);
    });
  }
});

describe("cold start: the API and the background handlers load on first use", () => {
  // A portal page's isolate never serves the merchant API or a cron/queue event first:
  // src/app.ts imports the API app on its first request, src/index.ts the handlers of
  // src/background.ts on their first event. Statically reached, they were about a third
  // of the startup CPU (the API's routes and input schemas; bench/analysis.md).
  const graph = edgesOf(sources);
  const reached = staticallyReached(graph, ENTRY);
  const LAZY = ["src/routes/api/index.ts", "src/background.ts", "src/services/subscriptions/run.ts", "src/services/webhooks/consumer.ts"];

  for (const module of LAZY) {
    it(`no static import chain from ${ENTRY} reaches ${module}`, () => {
      expect(reached.get(module)?.join(" -> ")).toBeUndefined();
    });
  }

  it("both are still reached, through import()", () => {
    const dynamic = [...graph.values()]
      .flat()
      .filter((e) => e.dynamic)
      .map((e) => e.to);
    expect(dynamic).toContain("src/routes/api/index.ts");
    expect(dynamic).toContain("src/background.ts");
  });
});

describe("cold start: no zod schema built at module load on the HTML path", () => {
  // Building a zod schema costs a fraction of a millisecond each; a module an HTML page
  // reaches statically builds its schemas on first use (`z.once`, src/lib/zod.ts) or in
  // a function. A top-level `const x = z.string()...` here is what this catches.
  const graph = edgesOf(sources);
  const reached = staticallyReached(graph, ENTRY);
  const TOP_LEVEL_SCHEMA = /^(?:export )?const (\w+)(?:: [^=]+)? = (?!z\.once\()z\s*\./gm;

  it("every module the entry reaches builds its schemas lazily", () => {
    const eager: string[] = [];
    for (const [path, text] of Object.entries(sources)) {
      const module = path.replace(/^(\.\.\/)+/, "");
      if (!reached.has(module)) continue;
      for (const m of text.matchAll(TOP_LEVEL_SCHEMA)) eager.push(`${module}: ${m[1]}`);
    }
    expect(eager).toEqual([]);
  });

  it("the check sees an eager schema and passes a lazy one", () => {
    const found = (text: string) => [...text.matchAll(TOP_LEVEL_SCHEMA)].map((m) => m[1]);
    expect(found("export const form = z.object({ a: z.string() });\nconst page = z\n  .coerce.number();\n")).toEqual(["form", "page"]);
    expect(found("const form = z.once(() => z.object({}));\nconst text = () => z.string();\n  const inner = z.string();\n")).toEqual([]);
  });

  it("the API's input schemas, off the HTML path, are in the sources this reads", () => {
    expect(reached.has("src/services/api/customer-input.ts")).toBe(true); // the portal's billing page shares them
    expect(Object.keys(sources).some((k) => k.endsWith("src/services/api/plans.ts"))).toBe(true);
  });
});

describe("cold start: zod by name only", () => {
  // `import { z } from "zod"` is zod's whole namespace object: the bundle keeps all of it,
  // every locale included (about 270 KB parsed by every isolate). src/lib/zod.ts re-exports
  // by name what the code uses, so the rest is tree-shaken away (issue 18).
  const graph = edgesOf(sources);
  const importers = [...graph].filter(([, edges]) => edges.some((e) => !e.dynamic && isPackage(e.to, "zod"))).map(([from]) => from);

  it("only src/lib/zod.ts imports zod (other modules import it)", () => {
    expect(importers).toEqual(["src/lib/zod.ts"]);
    const users = [...graph].filter(([, edges]) => edges.some((e) => e.to === "src/lib/zod.ts"));
    expect(users.length).toBeGreaterThan(10);
  });

  it("src/lib/zod.ts re-exports names, never the namespace", () => {
    const text = Object.entries(sources)
      .find(([k]) => k.endsWith("src/lib/zod.ts"))![1]
      .replace(/\/\*[\s\S]*?\*\//g, "");
    expect(text).toMatch(/export \{[^}]+\} from "zod"/);
    expect(text).not.toMatch(/export \*|import \*|\{\s*z\s*\}|locales/);
  });
});

describe("the import parser", () => {
  const graphOf = (files: Sources) => staticallyReached(edgesOf(files), "src/index.ts");

  it("follows value imports and re-exports, and not type-only imports or import()", () => {
    const reached = graphOf({
      "src/index.ts": 'import { a } from "./a";\nexport { b } from "./b";\nimport type { T } from "pdf-lib";\nimport { type S, type U } from "stripe";\n',
      "src/a.ts": 'export const a = () => import("pdf-lib");\n// import { PDFDocument } from "pdf-lib";\n',
      "src/b.ts": 'import Stripe, { type X } from "stripe";\nexport const b = Stripe;\n',
    });
    expect([...reached.keys()].sort()).toEqual(["src/a.ts", "src/b.ts", "src/index.ts", "stripe"]);
    expect(reached.get("stripe")).toEqual(["src/index.ts", "src/b.ts", "stripe"]);
  });

  it("sees a multi-line import and a side-effect import", () => {
    const reached = graphOf({
      "src/index.ts": 'import {\n  PDFDocument,\n  rgb,\n} from "pdf-lib";\nimport "./setup";\n',
      "src/setup.ts": "",
    });
    expect(reached.has("pdf-lib")).toBe(true);
    expect(reached.has("src/setup.ts")).toBe(true);
  });
});
