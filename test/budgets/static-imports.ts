/**
 * The static import graph of src/, from the sources as text (tests run inside workerd,
 * without esbuild or a file system). What esbuild evaluates when the worker starts is
 * what `src/index.ts` reaches through value imports; `import type`, `export type` and
 * imports whose every name is `type X` are erased, and `import("x")` is a separate,
 * lazily evaluated edge. Conservative on purpose: a value import used only as a type
 * still counts (esbuild might drop it, but the code should then say `import type`).
 */
export type Sources = Record<string, string>;
export type Edge = { to: string; dynamic: boolean };

// `import ... from "x"` / `export ... from "x"` (with the clause, to tell type-only ones),
// `import "x"` (side effects) and `import("x")`
const STATIC = /(?:^|[\s;}])(import|export)\s+([^;]*?)\s*from\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']/gm;
const DYNAMIC = /(?<![\w$.])import\(\s*["']([^"']+)["']\s*\)/g;

/** "../../src/db/scope.ts" (a glob key) -> "src/db/scope.ts" */
const normal = (key: string) => key.replace(/^(\.\.\/)+/, "");

/** Erased by TypeScript: `import type {...}`, `export type {...}`, `import { type A, type B }`. */
function typeOnly(clause: string): boolean {
  if (/^type\s/.test(clause)) return true;
  const named = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!named) return false;
  const names = named[1]!
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((n) => /^type\s/.test(n));
}

function resolve(from: string, spec: string, known: Set<string>): string {
  if (!spec.startsWith(".")) return spec; // a package, by its specifier
  const parts = from.split("/").slice(0, -1);
  for (const seg of spec.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  const base = parts.join("/");
  for (const ext of ["", ".ts", ".tsx", "/index.ts", "/index.tsx"]) if (known.has(base + ext)) return base + ext;
  return base;
}

/** Drops comments, so an example in a doc comment is not an import. */
const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");

export function edgesOf(sources: Sources): Map<string, Edge[]> {
  const known = new Set(Object.keys(sources).map(normal));
  const graph = new Map<string, Edge[]>();
  for (const [key, raw] of Object.entries(sources)) {
    const path = normal(key);
    const text = stripComments(raw);
    const edges: Edge[] = [];
    for (const m of text.matchAll(STATIC)) {
      const spec = m[3] ?? m[4];
      if (!spec || (m[2] !== undefined && typeOnly(m[2]))) continue;
      edges.push({ to: resolve(path, spec, known), dynamic: false });
    }
    for (const m of text.matchAll(DYNAMIC)) edges.push({ to: resolve(path, m[1]!, known), dynamic: true });
    graph.set(path, edges);
  }
  return graph;
}

/** Every module `entry` reaches through static value imports, each with the chain that reaches it. */
export function staticallyReached(graph: Map<string, Edge[]>, entry: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length) {
    const at = queue.shift()!;
    for (const e of graph.get(at) ?? []) {
      if (e.dynamic || chains.has(e.to)) continue;
      chains.set(e.to, [...chains.get(at)!, e.to]);
      queue.push(e.to);
    }
  }
  return chains;
}
