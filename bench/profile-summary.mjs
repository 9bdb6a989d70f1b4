// Development tool: groups a .cpuprofile written by bench/profile.mjs by what the
// time is spent on (D1 binding, drizzle, JSX, Hono, Intl, crypto, app code...), so
// bench/analysis.md can quote shares. Native frames (":0", e.g. fetch, text, Intl)
// count towards the module of the nearest JavaScript caller, except Intl and crypto.
// Usage: node bench/profile-summary.mjs bench/out/<page>.cpuprofile [bench/out/worker-readable/index.js]
import { existsSync, readFileSync } from "node:fs";
import { SourceMapConsumer } from "source-map-js";

const [file, bundle = new URL("./out/worker-readable/index.js", import.meta.url).pathname] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, "utf8"));
const moduleStarts = (file) => {
  const found = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      const m = /^\/\/ ((?:node_modules|src|bench)\/\S+)$/.exec(line);
      if (m) found.push([i + 1, m[1]]);
    });
  return found;
};
let starts = moduleStarts(bundle);
// The split setup's bundle (bench/profile.mjs --split) is re-bundled without the module
// comments, so its source map (chained through the portal's) names the module instead.
const map =
  !starts.some(([, m]) => m.startsWith("src/")) && existsSync(`${bundle}.map`)
    ? new SourceMapConsumer(JSON.parse(readFileSync(`${bundle}.map`, "utf8")))
    : null;
// The map points into the unminified portal bundle, whose module comments name the module.
if (map) starts = moduleStarts(new URL("./out/worker-readable/index.js", import.meta.url).pathname);
const moduleOf = (line, column) => {
  if (!map) return moduleAt(line);
  const pos = map.originalPositionFor({ line, column });
  const src = pos.source ?? "(unmapped)";
  if (src.endsWith("worker-readable/index.js")) return moduleAt(pos.line);
  const i = src.search(/(node_modules|src|bench)\//);
  return i >= 0 ? src.slice(i) : src;
};
const moduleAt = (line) => {
  let lo = 0;
  let hi = starts.length - 1;
  let best = "(bundle prelude)";
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid][0] <= line) {
      best = starts[mid][1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
};

function categoryOfModule(mod) {
  if (mod.includes("remote-storage")) return "D1 binding (bench's remote client: request, JSON of results)";
  if (mod.includes("drizzle-orm")) return "drizzle (building SQL, mapping rows)";
  if (/hono\/dist\/(jsx|helper\/html|utils\/html)/.test(mod)) return "JSX render (hono/jsx)";
  if (mod.includes("hono/dist")) return "Hono (routing, context, middleware plumbing)";
  if (mod.includes("pdf-lib") || mod.includes("pako") || mod.includes("@pdf-lib")) return "PDF (pdf-lib)";
  if (mod.includes("jose") || mod.includes("noble")) return "crypto";
  if (mod.includes("zod")) return "zod";
  if (mod.startsWith("src/views")) return "page components (src/views)";
  if (mod.startsWith("src/db")) return "data layer (src/db)";
  if (mod.startsWith("src/")) return "app code (src/ other)";
  return `other: ${mod}`;
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
function category(node) {
  const f = node.callFrame;
  if (f.functionName === "(idle)") return null;
  if (f.functionName === "(garbage collector)") return "garbage collector";
  if (f.functionName === "(program)") return "V8/runtime (program)";
  if (f.url.startsWith("cloudflare-internal:d1")) return "D1 binding (workerd JS: request, JSON of results)";
  if (/Intl|DateTimeFormat|NumberFormat|toLocale/.test(f.functionName)) return "Intl (dates, numbers)";
  if (/digest|subtle|sign|verify|importKey/i.test(f.functionName) && !f.url) return "crypto";
  if (f.url.endsWith("index.js") && f.lineNumber >= 0) return categoryOfModule(moduleOf(f.lineNumber + 1, f.columnNumber));
  if (f.url) return `script ${f.url.split("/").pop()}`;
  if (/^(exec|sql|next|toArray|raw|one|\[Symbol\.iterator\])$/.test(f.functionName)) return `native ${f.functionName} (SQLite)`;
  // native or runtime frame: the nearest JavaScript caller decides
  let p = parent.get(node.id);
  while (p !== undefined) {
    const pn = byId.get(p);
    if (pn.callFrame.url) return category(pn);
    p = parent.get(p);
  }
  return "native (no JS caller)";
}

const dt = new Map();
profile.samples.forEach((id, i) => {
  dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const byCat = new Map();
let busy = 0;
for (const n of profile.nodes) {
  const t = dt.get(n.id) ?? 0;
  const c = category(n);
  if (c === null || !t) continue;
  busy += t;
  byCat.set(c, (byCat.get(c) ?? 0) + t);
}
console.log(`${file}: busy (non-idle) samples ${(busy / 1000).toFixed(0)} ms`);
for (const [c, t] of [...byCat].sort((a, b) => b[1] - a[1])) console.log(`${((100 * t) / busy).toFixed(1).padStart(5)} %  ${c}`);

// The modules of our own code, by self time (where to look next)
const byMod = new Map();
for (const n of profile.nodes) {
  const t = dt.get(n.id) ?? 0;
  const f = n.callFrame;
  if (!t || !f.url.endsWith("index.js") || f.lineNumber < 0) continue;
  const mod = moduleOf(f.lineNumber + 1, f.columnNumber);
  const key = `${mod} ${f.functionName || "(anonymous)"}`;
  byMod.set(key, (byMod.get(key) ?? 0) + t);
}
console.log("\ntop functions (self time):");
for (const [k, t] of [...byMod].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((100 * t) / busy).toFixed(1).padStart(5)} %  ${k}`);
