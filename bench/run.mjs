// `npm run bench`: builds the worker as deployed, serves it and two reference workers
// from one workerd process (Miniflare's API, direct sockets, local D1 and KV), seeds
// one tenant per dataset, measures every page in interleaved rounds and writes
// bench/results.json and docs/benchmarks.md. Then the renewal run (bench/lib/renewals.mjs):
// due subscriptions renewed through the cron and the queue, as in production.
// See docs/benchmarks.md for the method.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { request } from "./lib/http.mjs";
import { measure, warmUp } from "./lib/load.mjs";
import { renewalRun } from "./lib/renewals.mjs";
import { judgeGoals, writeDocs, writeResults } from "./lib/report.mjs";
import { BENCH, seed } from "./lib/seed.mjs";
import * as serve from "./lib/serve.mjs";
import { bundleBytes, startupProfile } from "./lib/startup.mjs";
import { summarise } from "./lib/stats.mjs";
import { PAGES, requestFor } from "./lib/targets.mjs";

const { values: args } = parseArgs({
  options: {
    invoices: { type: "string", default: "1000000,10000" },
    seconds: { type: "string", default: "10" },
    reps: { type: "string", default: "3" },
    connections: { type: "string", default: "16" },
    warmup: { type: "string", default: "2" },
    pages: { type: "string" },
    full: { type: "boolean", default: false },
    out: { type: "string" },
    pin: { type: "boolean", default: true },
    "docs-only": { type: "boolean", default: false },
    // the renewal run: --subscriptions 0 skips it, --renewals-only runs nothing else
    subscriptions: { type: "string", default: "100000" },
    tenants: { type: "string", default: "100" },
    "renewals-only": { type: "boolean", default: false },
    // `wrangler check startup` runs (the least disturbed is compared)
    "startup-runs": { type: "string", default: "5" },
  },
});

// --docs-only: rewrite docs/benchmarks.md from bench/results.json (after editing bench/analysis.md)
if (args["docs-only"]) {
  const dir = args.out ?? null;
  const results = JSON.parse(readFileSync(dir ? join(dir, "results.json") : "bench/results.json", "utf8"));
  writeDocs(dir ? join(dir, "benchmarks.md") : "docs/benchmarks.md", results);
  console.log("docs rewritten from the last results");
  process.exit(0);
}
const t0 = performance.now();
const log = (msg) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const renewalSize = { subscriptions: Number(args.subscriptions), tenants: Number(args.tenants) };
const resultsFile = args.out ? join(args.out, "results.json") : "bench/results.json";
const docsFile = args.out ? join(args.out, "benchmarks.md") : "docs/benchmarks.md";

// --renewals-only: measure the renewal run and put it into the last results (the page figures stay as they were)
if (args["renewals-only"]) {
  log("building the worker (wrangler deploy --dry-run, minified)");
  const results = JSON.parse(readFileSync(resultsFile, "utf8"));
  results.renewals = await renewalRun({ portalScript: serve.buildPortal(), ...renewalSize, log });
  writeResults(resultsFile, results);
  writeDocs(docsFile, results);
  log(`wrote ${resultsFile} and ${docsFile}`);
  process.exit(0);
}

const method = {
  connections: Number(args.connections),
  seconds: Number(args.seconds),
  repetitions: Number(args.reps),
  warmup_seconds: Number(args.warmup),
};
const sizes = args.invoices
  .split(",")
  .map(Number)
  .sort((a, b) => b - a);
const onlyPages = args.pages ? new Set(args.pages.split(",")) : null;

// ---- build ----
log("building the worker (wrangler deploy --dry-run, minified) and the reference workers");
const scripts = { portal: serve.buildPortal(), ...(await serve.buildReferences()) };
const bundle = bundleBytes(scripts.portal, join(scripts.portal, "..", "meta.json"));
log(`profiling startup (wrangler check startup, ${args["startup-runs"]} runs)`);
const startup = { ...startupProfile({ runs: Number(args["startup-runs"]) }), ...bundle };
log(
  `startup ${startup.median_ms} ms CPU (median; runs ${startup.runs.join(", ")}), bundle ${bundle.bundle_bytes} bytes, ${bundle.html_path_bytes} on the HTML path`,
);

// ---- data ----
const stateDir = join(serve.OUT, "state");
rmSync(stateDir, { recursive: true, force: true });
mkdirSync(stateDir, { recursive: true });
const keys = sizes.map(String);
let { mf } = await serve.start({ stateDir, scripts, datasets: keys.map((key) => ({ key })) });
const files = {};
for (const key of keys) files[key] = (await serve.migrate(mf, stateDir, key)).file;
await mf.dispose();
const facts = {};
for (const key of keys) {
  log(`seeding ${Number(key).toLocaleString("en")} invoices`);
  facts[key] = seed(files[key], { invoices: Number(key) });
  log(`seeded in ${facts[key].seconds} s`);
}

// ---- serve ----
const started = await serve.startSplit({
  stateDir,
  scripts,
  datasets: keys.map((key) => ({ key, tenantId: facts[key].tenantId, customerId: BENCH.customerId })),
});
mf = started.mf;
const { pids } = started;
if (pids.worker.length === 0 || pids.storage.length === 0) throw new Error("no workerd process found");
const pinned = args.pin ? serve.pin(pids.worker, pids.storage) : null;

// ---- targets: every page on the largest dataset, the growth pages on the others ----
const targets = [];
keys.forEach((key, i) => {
  for (const page of PAGES) {
    if (page.name === "bare" && i > 0) continue; // one bare worker, shared by every dataset
    if (i > 0 && !page.growth && !args.full) continue;
    if (onlyPages ? page.kind !== "reference" && !onlyPages.has(page.name) : page.optional) continue;
    const ports = { bare: started.ports.bare, ...started.ports.datasets[key] };
    const storagePort = page.name === "bare" ? null : started.ports.storage[key];
    targets.push({ key, page, storagePort, req: requestFor(page, { ports, facts: facts[key] }), rounds: [] });
  }
});

const EXPECTED_TYPE = { html: "text/html", pdf: "application/pdf", json: "application/json", reference: "", post: "" };

/**
 * D1 work of one request, background included: metering on, the request, then wait
 * until the storage process has been quiet for 300 ms (at most 5 s).
 */
async function metered(port, send) {
  if (!port) return { res: await send(), d1: null };
  const counts = () => serve.storageCall(port, { op: "counts" });
  await serve.storageCall(port, { op: "meter", on: true });
  const before = await counts();
  const res = await send();
  let after = await counts();
  for (let waited = 0; waited < 5000; waited += 300) {
    await new Promise((r) => setTimeout(r, 300));
    const now = await counts();
    if (JSON.stringify(now) === JSON.stringify(after)) break;
    after = now;
  }
  await serve.storageCall(port, { op: "meter", on: false });
  const d1 = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
  d1.log = await serve.storageCall(port, { op: "log" });
  return { res, d1 };
}

/** One request before the load: does the page exist on this branch, and what does it cost? */
async function probe(t) {
  const req = t.req.setupRequest ? t.req.setupRequest({ ...t.req }) : t.req;
  const { res, d1 } = await metered(t.storagePort, () => request(req.port, { method: req.method, path: req.path, headers: req.headers, body: req.body }));
  const type = String(res.headers["content-type"] ?? "");
  const facts = {
    http_status: res.status,
    round_trips: res.headers["x-d1-round-trips"] !== undefined ? Number(res.headers["x-d1-round-trips"]) : null,
    bytes: res.body.length,
    gzip_bytes: gzipSync(res.body).length,
    // D1 as the storage process saw this one request (and its background work)
    probe_d1_round_trips: d1?.round_trips ?? null,
    probe_d1_statements: d1?.statements ?? null,
    probe_kv_calls: d1?.kv_calls ?? null,
    rows_read: d1?.rows_read ?? null,
    rows_written: d1?.rows_written ?? null,
    rows_unmetered_statements: d1?.unmetered ?? null,
    // each statement of the probe with the rows it read (in results.json only)
    probe_statements: d1?.log ?? null,
  };
  if (res.status === 404) return { status: "missing", detail: `${req.method} ${req.path} answers 404 on this branch`, ...facts };
  const ok = t.page.kind === "post" ? res.status < 400 : res.status === 200 && type.startsWith(EXPECTED_TYPE[t.page.kind]);
  if (!ok) {
    const where = res.headers.location ? ` to ${res.headers.location}` : "";
    return { status: "error", detail: `HTTP ${res.status}${where} ${type}`.trim(), ...facts };
  }
  return { status: "measured", ...facts };
}

const machineStart = os.loadavg().map((x) => Number(x.toFixed(2)));
for (const t of targets) {
  t.probe = await probe(t);
  log(
    `${t.key.padStart(8)} ${t.page.name.padEnd(18)} ${t.probe.status} ${t.probe.detail ?? ""} (HTTP ${t.probe.http_status}, ${t.probe.round_trips ?? "-"} round trips)`,
  );
}
const live = targets.filter((t) => t.probe.status === "measured");

const mailBefore = await mailsSent();
for (const t of live) await warmUp(t.req, { seconds: method.warmup_seconds, connections: method.connections });
log(`warmed up ${live.length} targets; ${method.repetitions} rounds of ${live.length} x ${method.seconds} s follow`);

for (let r = 0; r < method.repetitions; r++) {
  // rotate the order between rounds so no target always follows the same one
  const shift = Math.floor((r * live.length) / method.repetitions);
  const order = [...live.slice(shift), ...live.slice(0, shift)];
  for (const t of order) {
    const m = await measure(t.req, { seconds: method.seconds, connections: method.connections, pids, storagePort: t.storagePort });
    t.rounds[r] = m;
    log(
      `round ${r + 1} ${t.key.padStart(8)} ${t.page.name.padEnd(18)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${String(m.p50_ms).padStart(5)} ms  p99 ${String(m.p99_ms).padStart(5)} ms  ${m.worker_cpu_ms_per_req?.toFixed(2)} ms worker CPU (+${m.storage_cpu_ms_per_req?.toFixed(2)} D1/KV)${m.non2xx && t.page.kind !== "post" ? `  ${m.non2xx} non-2xx!` : ""}`,
    );
  }
}
const mailAfter = await mailsSent();
const loadEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
await mf.dispose();
await started.storage.dispose();

// ---- results ----
const bareTarget = targets.find((t) => t.page.name === "bare");
const runs = keys.map((key) => {
  const mine = targets.filter((t) => t.key === key);
  const reference = mine.find((t) => t.page.name === "reference_d1");
  const pages = {};
  for (const t of [...(bareTarget.key === key ? [] : [bareTarget]), ...mine]) {
    const { status, detail, ...probeFacts } = t.probe;
    if (status !== "measured") {
      pages[t.page.name] = { status, detail, path: t.req.path };
      continue;
    }
    pages[t.page.name] = {
      status,
      path: t.req.path,
      ...summarise(t.rounds, reference?.probe.status === "measured" ? reference.rounds : null, bareTarget.rounds),
      ...probeFacts,
    };
  }
  if (pages.signin_request?.status === "measured") {
    pages.signin_request.emails_written = mailAfter[key] - mailBefore[key];
  }
  for (const page of PAGES) if (!pages[page.name] && !page.optional) pages[page.name] = { status: "not run on this dataset" };
  const { seconds, openInvoice, paidInvoice, payment, tenantId, ...dataset } = facts[key];
  return { dataset: { ...dataset, seed_seconds: seconds }, pages };
});

const version = (pkg) => serve.packageVersion(serve.wranglerRequire, pkg);
const cpus = os.cpus();
const results = {
  generated_at: new Date().toISOString(),
  elapsed_s: Math.round((performance.now() - t0) / 1000),
  machine: {
    cpu_model: cpus[0]?.model ?? "unknown",
    cpus: cpus.length,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.versions.node,
    wrangler: version("wrangler"),
    miniflare: version("miniflare"),
    workerd: version("workerd"),
    loadavg_start: machineStart,
    loadavg_end: loadEnd,
    pinned,
    bundle_bytes: bundle.bundle_bytes,
    bundle_gzip_bytes: bundle.bundle_gzip_bytes,
  },
  startup,
  method,
  // the largest dataset's figures at the top level; every dataset under `runs`
  dataset: runs[0].dataset,
  pages: runs[0].pages,
  runs,
};
results.goals = judgeGoals(runs, startup);
rmSync(stateDir, { recursive: true, force: true });
if (renewalSize.subscriptions > 0) {
  results.renewals = await renewalRun({ portalScript: scripts.portal, ...renewalSize, log });
  results.elapsed_s = Math.round((performance.now() - t0) / 1000);
}

writeResults(resultsFile, results);
writeDocs(docsFile, results);
log(`wrote ${resultsFile} and ${docsFile}`);
for (const g of results.goals)
  log(`goal ${g.page}: ${g.goal}: ${g.met === null ? "not measured" : g.met ? "met" : "NOT met"}${g.value !== undefined ? ` (${g.value})` : ""}`);

async function mailsSent() {
  // mail reaches the storage process, the bench's fake MailChannels receiver (bench/lib/serve.mjs)
  const counts = {};
  for (const key of keys) counts[key] = (await serve.storageCall(started.ports.storage[key], { op: "counts" })).mails;
  return counts;
}
