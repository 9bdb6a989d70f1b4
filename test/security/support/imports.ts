/**
 * The import graph of src/, read from the sources as text (the test runs inside
 * workerd, without a file system): every relative `import`/`export ... from` and
 * dynamic `import()`, resolved to a path under src/. `import type` counts too: a
 * layer that needs another's types depends on it.
 */
export type Sources = Record<string, string>;
export type FileImports = { path: string; imports: string[] };

const SPECIFIER = /(?:^|[\s;}])(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s*["']([^"']+)["']/gm;

/** "../../src/db/scope.ts" (a glob key) -> "src/db/scope.ts" */
const normal = (key: string) => key.replace(/^(\.\.\/)+/, "");

function resolve(from: string, spec: string, known: Set<string>): string | null {
  if (!spec.startsWith(".")) return null; // packages
  const parts = from.split("/").slice(0, -1);
  for (const seg of spec.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  const base = parts.join("/");
  for (const ext of ["", ".ts", ".tsx", "/index.ts", "/index.tsx"]) if (known.has(base + ext)) return base + ext;
  return base; // unresolved (not a source file): kept, so a rule can still see where it points
}

export function importsOf(sources: Sources): FileImports[] {
  const known = new Set(Object.keys(sources).map(normal));
  return Object.entries(sources).map(([key, text]) => {
    const path = normal(key);
    const imports = new Set<string>();
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const to = spec ? resolve(path, spec, known) : null;
      if (to) imports.add(to);
    }
    return { path, imports: [...imports] };
  });
}
