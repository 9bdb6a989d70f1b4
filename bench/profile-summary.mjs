// Development tool: groups a .cpuprofile written by bench/profile.mjs by what the
// time is spent on (D1 binding, drizzle, JSX, Hono, Intl, crypto, app code...), so
// bench/analysis.md can quote shares. Native frames (":0", e.g. fetch, text, Intl)
// count towards the module of the nearest JavaScript caller, except Intl and crypto.
// Usage: node bench/profile-summary.mjs bench/out/<page>.cpuprofile [bench/out/worker-readable/index.js]
import { readFileSync } from "node:fs";

const [file, bundle = new URL("./out/worker-readable/index.js", import.meta.url).pathname] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, "utf8"));
const starts = [];
readFileSync(bundle, "utf8")
  .split("\n")
  .forEach((line, i) => {
    const m = /^\/\/ ((?:node_modules|src|bench)\/\S+)$/.exec(line);
    if (m) starts.push([i + 1, m[1]]);
  });
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
  if (f.url.endsWith("index.js") && f.lineNumber >= 0) return categoryOfModule(moduleAt(f.lineNumber + 1));
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
