// Writes bench/results.json and docs/benchmarks.md from one run's results.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { PAGES } from "./targets.mjs";

// Issue 18's goals: the worker's own CPU (the portal's process, D1 and KV apart), one D1
// round trip per signed-in page, the sign-in request at half the reference, startup halved.
const GOALS = { htmlRatio: 0.5, htmlCpuMs: 1.0, pdfCpuMs: 4, signinRatio: 0.5, htmlRoundTrips: 1, growthLatency: 1.25 };

/**
 * Startup and HTML-path bytes of the code before issue 18 (main at a89e040), measured
 * 2026-12-07 on this machine at load average 15 to 20: `wrangler check startup` on the
 * before and after bundles interleaved, 6 runs each: before 373.7, 1085.1, 939.2, 109.3,
 * 977.7, 118.3 ms; after 237.7, 67.9, 465.4, 106.6, 124.6, 112.9 ms. On a loaded machine
 * the wall-clock samples inflate most runs, so the least disturbed run (the minimum) is
 * compared; the issue quotes about 130 ms from a quieter run, and that is the figure to halve.
 */
const STARTUP_BEFORE = { median_ms: 939.2, min_ms: 109.3, issue_ms: 130, bundle_bytes: 1851844, bundle_gzip_bytes: 535678, html_path_bytes: 1850118 };

/** The issue's goals, judged on the largest dataset (growth: largest against smallest). */
export function judgeGoals(runs, startup) {
  const [main] = runs;
  const small = runs.length > 1 ? runs[runs.length - 1] : null;
  const goals = [];
  for (const page of PAGES.filter((p) => (p.kind === "html" || p.kind === "pdf" || p.name === "signin_request") && (!p.optional || main.pages[p.name]))) {
    const r = main.pages[page.name];
    if (r?.status !== "measured") {
      goals.push({ page: page.name, goal: page.kind === "pdf" ? "worker CPU" : "throughput and worker CPU", met: null, why: r?.status ?? "not run" });
      continue;
    }
    const cpu = r.worker_cpu_ms_per_req;
    if (page.kind === "html") {
      goals.push({
        page: page.name,
        goal: `throughput >= ${GOALS.htmlRatio} x reference D1 page`,
        value: r.ratio_to_reference,
        met: r.ratio_to_reference !== null && r.ratio_to_reference >= GOALS.htmlRatio,
      });
      goals.push({ page: page.name, goal: `worker's own CPU <= ${GOALS.htmlCpuMs} ms per request`, value: cpu, met: cpu !== null && cpu <= GOALS.htmlCpuMs });
      if (page.signedIn !== false) {
        goals.push({
          page: page.name,
          goal: `${GOALS.htmlRoundTrips} D1 round trip`,
          value: r.round_trips,
          met: r.round_trips !== null && r.round_trips <= GOALS.htmlRoundTrips,
        });
      }
    } else if (page.kind === "pdf") {
      goals.push({ page: page.name, goal: `worker's own CPU <= ${GOALS.pdfCpuMs} ms per request`, value: cpu, met: cpu !== null && cpu <= GOALS.pdfCpuMs });
    } else {
      goals.push({
        page: page.name,
        goal: `throughput >= ${GOALS.signinRatio} x reference D1 page`,
        value: r.ratio_to_reference,
        met: r.ratio_to_reference !== null && r.ratio_to_reference >= GOALS.signinRatio,
      });
    }
  }
  if (startup) {
    const target = STARTUP_BEFORE.issue_ms / 2;
    goals.push({
      page: "startup",
      goal: `startup CPU <= ${target} ms (half the issue's ${STARTUP_BEFORE.issue_ms} ms; median of ${startup.runs.length} runs)`,
      value: startup.median_ms,
      met: startup.median_ms <= target,
    });
  }
  const big = main.pages.invoice_list;
  const little = small?.pages.invoice_list;
  const goal = `p50 at ${main.dataset.invoices.toLocaleString("en")} invoices <= ${GOALS.growthLatency} x p50 at ${small?.dataset.invoices.toLocaleString("en") ?? "?"}`;
  if (big?.status === "measured" && little?.status === "measured") {
    const value = Number((big.p50_ms / little.p50_ms).toFixed(3));
    goals.push({ page: "invoice_list", goal, value, met: value <= GOALS.growthLatency });
  } else {
    goals.push({ page: "invoice_list", goal, met: null, why: small ? (big?.status ?? "not run") : "only one dataset was run" });
  }
  return goals;
}

export function writeResults(file, results) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

const n = (x, digits = 0) => (x === null || x === undefined ? "–" : Number(x).toFixed(digits));
const int = (x) => Number(x).toLocaleString("en");

/** D1's request and answer bodies per request (JSON: the statements' SQL and values, the rows and meta), all round trips. */
const wire = (r) =>
  r.d1_bytes_sent_per_req === null || r.d1_bytes_sent_per_req === undefined ? "–" : `${int(r.d1_bytes_sent_per_req)} / ${int(r.d1_bytes_received_per_req)}`;

function pageTable(run) {
  const rows = [
    "| Page | req/s | p50 ms | p99 ms | worker CPU ms/req | D1+KV process CPU ms/req | × reference D1 | × bare | D1 round trips (page / with background) | D1 statements/req | bytes to D1 / back per req | rows read | bytes (gzip) |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const page of PAGES) {
    const r = run.pages[page.name];
    if (!r) continue;
    if (r.status !== "measured") {
      rows.push(`| ${page.label} | ${r.status}${r.detail ? ` (${r.detail})` : ""} | | | | | | | | | | | |`);
      continue;
    }
    const trips = `${r.round_trips ?? "–"} / ${n(r.d1_round_trips_per_req, 1)}`;
    const rowsRead = r.rows_read === null || r.rows_read === undefined ? "–" : `${int(r.rows_read)}${r.rows_unmetered_statements ? "*" : ""}`;
    rows.push(
      `| ${page.label} | ${n(r.rps)} | ${n(r.p50_ms, 1)} | ${n(r.p99_ms, 1)} | ${n(r.worker_cpu_ms_per_req, 2)} | ${n(r.storage_cpu_ms_per_req, 2)} | ${n(r.ratio_to_reference, 2)} | ${n(r.ratio_to_bare, 3)} | ${trips} | ${n(r.d1_statements_per_req, 1)} | ${wire(r)} | ${rowsRead} | ${r.bytes ? `${int(r.bytes)} (${int(r.gzip_bytes)})` : "–"} |`,
    );
  }
  return rows.join("\n");
}

/** `wrangler check startup` and the bundle, against the code before issue 18. */
function startupSection(s) {
  if (!s) return "";
  const b = STARTUP_BEFORE;
  const lazy = Object.entries(s.lazy_packages ?? {})
    .map(([pkg, bytes]) => `${pkg} ${int(bytes)}`)
    .join(", ");
  return `## Startup (cold start)

| | Startup CPU ms (median) | min (compared) | Bundle bytes (minified) | gzip | Bytes on the HTML path | Bytes loaded on first use |
|---|--:|--:|--:|--:|--:|--:|
| Before issue 18 (main a89e040) | ${n(b.median_ms, 1)} | ${n(b.min_ms, 1)} | ${int(b.bundle_bytes)} | ${int(b.bundle_gzip_bytes)} | ${int(b.html_path_bytes)} | 0 |
| This run | ${n(s.median_ms, 1)} | ${n(s.min_ms, 1)} | ${int(s.bundle_bytes)} | ${int(s.bundle_gzip_bytes)} | ${int(s.html_path_bytes)} | ${int(s.lazy_bytes)} |

- Startup CPU: \`wrangler check startup\` (V8's CPU profile of loading the deployed bundle, minified), busy time
  of the profile, ${s.runs.length} runs (${s.runs.join(", ")} ms); the samples are wall-clock, so a busy machine inflates
  some runs: the goal is judged on the median, the minimum (the least disturbed run) is beside it. "Before" is main at
  a89e040, measured interleaved with the code of that round on the same machine at load average 15 to 20; the issue
  quotes about ${b.issue_ms} ms before, from a quieter run, and that is the figure halved.
- This is the HTML path's startup: what every isolate pays before its first request, whatever the request. Loaded on
  first use instead, once per isolate (esbuild keeps them in the one bundle, wrapped to run on their first \`import()\`):
  pdf-lib and the Stripe SDK (\`src/services/pdf/document.ts\`, \`src/services/gateways/stripe-gateway.ts\`), the merchant
  API (\`src/app.ts\`: its routes, input schemas and serialisers) and the cron and queue handlers (\`src/background.ts\`).
  The zod schemas of the modules an HTML page reaches are built on their first use (\`z.once\`, \`src/lib/zod.ts\`).
  \`test/budgets/cold-start.test.ts\` fails on a static import of any of these, or a module-level schema on the HTML path.
- Bytes on the HTML path: inputs the entry reaches through static imports, from esbuild's metafile of the deployed build
  (\`bench/lib/startup.mjs\`); first use only: ${lazy || "none"}.
`;
}

function growthTable(runs) {
  const [big] = runs;
  const small = runs[runs.length - 1];
  const rows = [
    `| Page | p50 ms at ${int(small.dataset.invoices)} | p50 ms at ${int(big.dataset.invoices)} | latency × | CPU ms at ${int(small.dataset.invoices)} | CPU ms at ${int(big.dataset.invoices)} |`,
    "|---|--:|--:|--:|--:|--:|",
  ];
  for (const page of PAGES) {
    const a = small.pages[page.name];
    const b = big.pages[page.name];
    if (a?.status !== "measured" || b?.status !== "measured") continue;
    rows.push(
      `| ${page.label} | ${n(a.p50_ms, 1)} | ${n(b.p50_ms, 1)} | ${n(b.p50_ms / a.p50_ms, 2)} | ${n(a.cpu_ms_per_req, 2)} | ${n(b.cpu_ms_per_req, 2)} |`,
    );
  }
  return rows.join("\n");
}

function goalLines(goals) {
  return goals
    .map((g) => {
      const mark = g.met === true ? "met" : g.met === false ? "**not met**" : "not measured";
      const value = g.value !== undefined ? ` (measured ${g.value})` : g.why ? ` (${g.why})` : "";
      return `- ${g.page}: ${g.goal}: ${mark}${value}`;
    })
    .join("\n");
}

/** The renewal run (issue 13), when it was measured. */
function renewalSection(r) {
  if (!r) return "";
  const verdict = r.completed
    ? `every subscription renewed exactly once (${int(r.renewal_rows)} ledger rows, ${int(r.invoices_created)} invoices, none billed twice)`
    : `**not completed**: ${int(r.subscriptions_renewed)} of ${int(r.subscriptions)} renewed, ${int(r.subscriptions_billed_twice)} billed twice, ${int(r.still_due)} still due`;
  return `## Renewal run

${int(r.subscriptions)} due monthly subscriptions across ${int(r.tenants)} tenants (one customer each, no AutoPay), renewed as
production renews them: the 15-minute cron queues one message per tenant with work, the queue consumer
(batches of ${r.queue.max_batch_size}) runs each tenant. Result: ${verdict}.

| Renewals | Tenants | Wall s | Renewals/s | D1 statements per renewal | D1 round trips per renewal | CPU ms per renewal | Cron runs | Queue messages |
|--:|--:|--:|--:|--:|--:|--:|--:|--:|
| ${int(r.renewal_rows)} | ${int(r.tenants)} | ${n(r.wall_s, 1)} | ${n(r.renewals_per_s, 1)} | ${n(r.d1_statements_per_renewal, 2)} | ${n(r.d1_round_trips_per_renewal, 2)} | ${n(r.cpu_ms_per_renewal, 2)} | ${r.cron_runs} | ${int(r.queue_messages)} |

- Wall: from the first cron trigger until the last queue message was consumed and the ledger held every renewal.
  One run renews at most 500 subscriptions per tenant (the rest waits for the next cron, as in production), so
  tenants with more need several cron runs; the bench fires the next one as soon as the queue is empty, where
  production waits 15 minutes.
- D1 statements: counted exactly at the binding. The bundle as deployed is wrapped (\`bench/reference/counting.ts\`)
  so that every \`first\`/\`run\`/\`all\`/\`raw\` counts one statement and one round trip, and a \`batch\` one round trip of
  as many statements as it holds. Totals: ${int(r.d1_statements)} statements in ${int(r.d1_round_trips)} round trips, the cron's
  own queries and the tenants' AutoPay look-ups included. Where they go (src/services/subscriptions/renew.ts): one
  atomic batch of 7 (invoice, its line, \`invoice.created\`, ledger row, version-checked advance, its guard,
  \`subscription.renewed\`) and 4 reads (the subscription, its customer, the customer's pending line items, and the
  subscription read again by the catch-up loop, which finds it no longer due); the due list is read 50 at a time.
- Renewals per second are those of one local workerd on a shared 2-core machine, busy ${n(r.cpu_ms / 10 / r.wall_s, 0)} % of the wall
  time (its CPU is the limit here), with local D1 answering in microseconds. In production each round trip is
  a network call to D1, so a tenant's run is bound by D1 latency, and tenants run in parallel as the queue scales
  its consumers.
- CPU: the workerd process's user + system time over the run (${int(r.cpu_ms)} ms), local D1 included, which runs in the
  same process. Load average ${r.loadavg_start.join(", ")} at the start, ${r.loadavg_end.join(", ")} at the end.
- Seeded straight into D1's SQLite file in ${r.seed_seconds} s (\`bench/lib/renewals.mjs\`): tenants, a plan each,
  customers and subscriptions whose second monthly period is due, after the real migrations.
`;
}

export function writeDocs(file, results) {
  const { machine, method, runs, goals } = results;
  const analysis = existsSync("bench/analysis.md") ? readFileSync("bench/analysis.md", "utf8").trim() : "";
  const text = `# Benchmarks

<!-- Generated by \`npm run bench\` (bench/run.mjs); the section "What limits each page" comes from bench/analysis.md. -->

Generated ${results.generated_at} by \`npm run bench\` in ${results.elapsed_s} s. These are the facts of one run on
a shared, noisy machine: absolute figures drift 10 to 20 % between runs, so quote the **ratios** (each taken
within one interleaved round, median of ${method.repetitions}), and treat differences under 10 % as noise.
Machine-readable results: [\`bench/results.json\`](../bench/results.json).

${runs
  .map(
    (run) => `## ${int(run.dataset.invoices)} invoices

Tenant with ${int(run.dataset.customers)} customers, ${int(run.dataset.invoices)} invoices, ${int(run.dataset.lines)} invoice lines and ${int(run.dataset.payments)} payments; the measured customer owns ${int(run.dataset.customerInvoices)} invoices spread through the table.

${pageTable(run)}
`,
  )
  .join("\n")}
${startupSection(results.startup)}
${runs.length > 1 ? `## How cost grows with data\n\n${growthTable(runs)}\n` : ""}${results.renewals ? `\n${renewalSection(results.renewals)}` : ""}
## Goals (issue 18)

${goalLines(goals)}

## Machine

- ${machine.cpu_model}, ${machine.cpus} cores (shared by up to 8 engineers), ${machine.memory_gb} GB RAM, Linux ${machine.kernel}
- Node ${machine.node}, workerd ${machine.workerd} (the one wrangler ${machine.wrangler} bundles), Miniflare ${machine.miniflare}
- Load average: ${machine.loadavg_start.join(", ")} at start, ${machine.loadavg_end.join(", ")} at the end
- ${machine.pinned ? `the workers' workerd pinned to CPU ${machine.pinned.workerd}, the load generator${machine.pinned.storage !== undefined ? " and the D1/KV workerd" : ""} to CPU ${machine.pinned.load}` : "no CPU pinning (taskset missing or one core)"}
- Portal bundle: ${int(machine.bundle_bytes)} bytes minified, ${int(machine.bundle_gzip_bytes)} gzipped

## Method

- The worker is built as deployed (\`wrangler deploy --dry-run --outdir\`, minified) and served by Miniflare's API
  with direct sockets, local D1 and KV. Not \`wrangler dev\`: its proxy and inspector cost 5 to 10 times the worker
  itself. The socket reaches the worker itself, not the static-assets routing Miniflare puts in front of it (three
  JavaScript workers of its own, about 0.8 to 1 ms of CPU per request here): in production that routing is the
  platform's and not billed as the worker's CPU (\`bench/reference/remote-storage.ts\` \`directEntrypoint\`).
- The same workerd process serves two reference workers (\`bench/reference/\`): a bare Hono worker returning a short
  text (the ceiling) and a Hono + JSX worker that reads the same customer's 50 latest invoices with one prepared D1
  statement into a plain table (what a hand-tuned D1 page costs). Each dataset has its own D1 database, portal
  worker and reference worker; the bare worker is shared.
- Data is written straight into the D1 SQLite file (\`bench/lib/seed.mjs\`, \`node:sqlite\`) after the real
  migrations ran through D1, with every index the migrations define. No \`ANALYZE\`: a D1 database has no statistics
  unless someone runs it. Signed-in pages use a real session row (the cookie's SHA-256), the API a real hashed key.
- Load: autocannon, ${method.connections} connections, ${method.seconds} s per measurement after a ${method.warmup_seconds} s warm-up of each
  target, ${method.repetitions} interleaved rounds (every target once per round, the order rotated between rounds); medians.
- Two workerd processes (\`bench/lib/serve.mjs\` \`startSplit\`): the workers in one, each dataset's D1 database and KV
  namespace in the other, behind a small host worker (\`bench/reference/storage-host.ts\`) reached over a service binding.
  The deployed bundle (and the reference worker) is wrapped (\`bench/reference/remote-storage.ts\`) so that its \`DB\` and
  \`SIGNIN_TOKENS\` bindings send each call as one HTTP exchange to that host and parse the JSON answer, which is what
  workerd's own D1 binding code does in a deployed worker; nothing in \`src/\` changes.
- **Worker CPU ms/req** (the worker's own CPU, what Cloudflare bills): the workers' process's user + system time from
  \`/proc/<pid>/stat\` over the measurement, divided by the requests served (only the target gets requests meanwhile).
  It includes workerd's HTTP handling (the bare worker's figure is that floor) and the D1/KV client side; not SQLite,
  Miniflare's simulators or its static-assets routing. Exact in the sense that it is counted by
  the kernel per process, not estimated from profile shares as before. **D1+KV process CPU** is the other process.
- D1 round trips: the page's own, from one probe request (the \`X-D1-Round-Trips\` header), and per request under load
  as the storage process counted them (background work after the response included). D1 statements per request: the
  storage process's count over the load. Rows read: D1's \`meta.rows_read\` (what D1 bills) for the probe request and
  its background work, metered at the storage process; drizzle's selects use \`raw()\`, which has no meta, so while
  metering a read-only \`raw()\` statement is run once more with \`all()\` for its meta (a \`raw()\` write, INSERT ...
  RETURNING, is not metered: marked *). Bytes to D1 / back: the JSON bodies of every D1 round trip per request under
  load (the statements' SQL and values; the rows and meta), as the storage process received and answered them.
  Bytes: the probe's body and its gzip size. A page that answers 404 to the
  probe is not on this branch yet and is listed as "missing".
- The sign-in request posts the login form with the CSRF token, each request for another of the tenant's customers
  from another address (\`CF-Connecting-IP\`), so it measures the real path as far as the rate limits allow. Its mail
  goes through production's transport, MailChannels' API (the bench sets \`MAILCHANNELS_API_KEY\`), whose requests the
  wrapper sends to the storage process as a fake receiver that counts them: development's outbox would be a D1 insert
  that production never makes.
- Queues: the webhook queue is served to the portal's own \`queue()\` handler, in its process, as Cloudflare serves it
  (batches of 10, or what came within 1 s; \`remote-storage.ts\`): a page's view of a document is written by that
  consumer (issue 18), so its CPU is in the worker column and its D1 calls in the round trips "with background". The
  renewal queue's messages are counted and dropped (no cron runs during the page loads; the renewal run measures it).
- p99 is dominated by workerd's garbage-collection pauses: reported, never a goal.

## What limits each page

${analysis || "_(bench/analysis.md is missing.)_"}

## Running it

\`npm run bench\` (both datasets, about ${Math.ceil(results.elapsed_s / 60)} minutes here). Options after \`--\`:
\`--invoices 10000\` (one or more comma-separated dataset sizes, largest first), \`--seconds\`, \`--reps\`, \`--connections\`,
\`--warmup\`, \`--pages login,account\`, \`--subscriptions 100000 --tenants 100\` (the renewal run's size; \`--subscriptions 0\` skips
it), \`--renewals-only\` (only the renewal run, written into the last results), \`--full\` (every page on every dataset), \`--out <dir>\` (write elsewhere, for
development runs), \`--no-pin\`, \`--docs-only\` (rewrite this file from \`bench/results.json\` after editing
\`bench/analysis.md\`). \`node bench/profile.mjs --page invoice_list\` shows where one page's CPU goes (every isolate, local D1's included), and
\`node bench/profile-summary.mjs <profile>\` groups it by module. The deterministic budgets (D1 round trips, bytes of a first visit, query plans,
rows read by the API lists) are tests in
\`npm test\`: \`test/budgets/\`.
`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
