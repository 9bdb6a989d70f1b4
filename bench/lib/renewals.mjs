// The renewal run of `npm run bench` (issue 13): N due subscriptions across T tenants,
// renewed the way production renews them: the 15-minute cron queues one message per
// tenant with work, the queue consumer runs each tenant. The portal bundle as deployed
// is wrapped by bench/reference/counting.ts, which counts every D1 statement at the
// binding; the bench waits until every subscription has its renewal and checks that
// nothing was billed twice.
import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { rows } from "./seed.mjs";
import * as serve from "./serve.mjs";

const DAY = 86400;
const KEY = "renewals";
const WORKER = `portal-${KEY}`;
const RENEWAL_CRON = "*/15 * * * *"; // src/schedule.ts
const RENEWALS_QUEUE = "billing-portal-renewals";
/** Cron runs before giving up: each run renews at most 500 subscriptions per tenant (src/services/subscriptions/run.ts). */
const MAX_CRONS = 50;

/** The deployed bundle wrapped by the counter, bundled into one module. */
async function buildCounting(portalScript) {
  const esbuild = serve.wranglerRequire("esbuild");
  const outfile = join(serve.OUT, "renewals", "index.js");
  await esbuild.build({
    stdin: {
      contents: `import portal from ${JSON.stringify(portalScript)};
import { withCounting } from ${JSON.stringify(resolve("bench/reference/counting.ts"))};
export default withCounting(portal);`,
      resolveDir: resolve("."),
      sourcefile: "renewals-entry.js",
      loader: "js",
    },
    outfile,
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    external: ["cloudflare:*", "node:*"],
    logLevel: "warning",
  });
  return outfile;
}

/** One workerd with the wrapped portal, its D1 and both queues as wrangler.toml declares them. */
async function start(stateDir, script) {
  const config = await serve.wranglerConfig();
  const consumer = (c) => ({
    maxBatchSize: c.max_batch_size,
    maxBatchTimeout: c.max_batch_timeout,
    maxRetries: c.max_retries,
    ...(c.dead_letter_queue ? { deadLetterQueue: c.dead_letter_queue } : {}),
  });
  const mf = new serve.Miniflare(
    serve.convertV4MiniflareOptions({
      resourcePersistencePath: stateDir,
      workers: [
        {
          name: WORKER,
          scriptPath: script,
          modules: true,
          modulesRoot: resolve(script, ".."),
          compatibilityDate: config.compatibility_date,
          compatibilityFlags: config.compatibility_flags,
          d1Databases: { DB: `bench-db-${KEY}` },
          kvNamespaces: { SIGNIN_TOKENS: `bench-kv-${KEY}` },
          bindings: { ...config.vars, ...serve.devSecrets(), PORTAL_PORT: "" },
          queueProducers: Object.fromEntries(config.queues.producers.map((p) => [p.binding, { queueName: p.queue }])),
          queueConsumers: Object.fromEntries(config.queues.consumers.map((c) => [c.queue, consumer(c)])),
        },
      ],
    }),
  );
  await mf.ready;
  return mf;
}

/** Adds `months` calendar months in UTC, clamped to the month's last day (as the engine does). */
function addMonths(t, months) {
  const d = new Date(t * 1000);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return Math.floor(target.getTime() / 1000);
}

/**
 * T tenants, each with a monthly plan and N/T customers holding one active monthly
 * subscription each, anchored 40 days ago (spread over hours): the first period is
 * billed, the second is due now, the third is three weeks away, so one run renews
 * every subscription exactly once. Bulk INSERTs straight into D1's SQLite file.
 */
function seedDue(file, { subscriptions, tenants, now }) {
  const t0 = performance.now();
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: false });
  const mode = db.prepare("PRAGMA journal_mode").get().journal_mode;
  db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;");
  db.exec("BEGIN");
  const created = now - 60 * DAY;
  const insTenant = db.prepare("INSERT INTO tenants (id, username, name, currency, created_at, updated_at) VALUES (?, ?, ?, 'usd', ?, ?)");
  const insPlan = db.prepare(
    "INSERT INTO plans (tenant_id, id, name, currency, amount, interval, interval_count, created_at, updated_at) VALUES (?, 'pro-monthly', 'Pro', 'usd', 2900, 'month', 1, ?, ?)",
  );
  const insCustomer = rows(
    db,
    "INSERT INTO customers (id, tenant_id, name, number, email, country, currency, payment_terms, created_at, updated_at)",
    "(?, ?, ?, ?, ?, 'US', 'usd', 'NET 30', ?, ?)",
  );
  const insSubscription = rows(
    db,
    `INSERT INTO subscriptions (public_id, tenant_id, customer_id, plan, plan_name, currency, plan_amount, interval, interval_count, quantity,
       start_date, anchor, periods_billed, period_start, period_end, renews_next, status, created_at, updated_at)`,
    "(printf('s%019d', ?), ?, ?, 'pro-monthly', 'Pro', 'usd', 2900, 'month', 1, ?, ?, ?, 1, ?, ?, ?, 'active', ?, ?)",
  );
  for (let t = 1; t <= tenants; t++) {
    insTenant.run(t, `renew${t}`, `Renewals Tenant ${t}`, created, created);
    insPlan.run(t, created, created);
  }
  let due = 0;
  for (let i = 1; i <= subscriptions; i++) {
    const tenant = 1 + ((i - 1) % tenants);
    insCustomer.add(i, tenant, `Subscriber ${i}`, `SUB-${String(i).padStart(6, "0")}`, `subscriber${i}@example.com`, created, created);
    const anchor = now - 40 * DAY + (i % 600) * 60;
    const second = addMonths(anchor, 1);
    if (second <= now) due++;
    // public_id: unique per row (S32's column; the portal never serves these)
    insSubscription.add(i, tenant, i, 1 + (i % 3), anchor, anchor, anchor, second, second, anchor, anchor);
  }
  insCustomer.flush();
  insSubscription.flush();
  db.exec("COMMIT");
  db.exec(`PRAGMA journal_mode = ${mode}`);
  db.close();
  if (due !== subscriptions) throw new Error(`seeded ${due} due subscriptions of ${subscriptions}`);
  return { seconds: Math.round((performance.now() - t0) / 100) / 10 };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Seeds, runs crons until every subscription is renewed, checks the ledger; returns the results. */
export async function renewalRun({ portalScript, subscriptions, tenants, log }) {
  const script = await buildCounting(portalScript);
  const stateDir = join(serve.OUT, "renewals-state");
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  let mf = await start(stateDir, script);
  const { file } = await serve.migrate(mf, stateDir, KEY);
  await mf.dispose();
  const now = Math.floor(Date.now() / 1000);
  log(`renewals: seeding ${subscriptions.toLocaleString("en")} due subscriptions across ${tenants} tenants`);
  const seeded = seedDue(file, { subscriptions, tenants, now });
  log(`renewals: seeded in ${seeded.seconds} s`);

  mf = await start(stateDir, script);
  const worker = await mf.getWorker(WORKER);
  const db = await mf.getD1Database("DB", WORKER);
  const counts = async () => (await worker.fetch("http://bench/__bench/counts")).json();
  const renewed = async () => db.prepare("SELECT count(*) AS n FROM subscription_renewals").first("n");
  const pids = serve.workerdPids();
  const loadStart = os.loadavg().map((x) => Number(x.toFixed(2)));

  const before = await counts();
  const cpuBefore = serve.cpuMs(pids);
  const t0 = performance.now();
  let crons = 0;
  let done = 0;
  while (done < subscriptions && crons < MAX_CRONS) {
    // production's trigger: the 15-minute cron queues one message per tenant with work
    await worker.scheduled({ cron: RENEWAL_CRON, scheduledTime: new Date() });
    crons++;
    const { sent } = await counts();
    while ((await counts()).consumed < sent) await sleep(200);
    done = await renewed();
    log(`renewals: cron ${crons}: ${sent - before.sent} messages queued so far, ${done.toLocaleString("en")} renewed`);
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = serve.cpuMs(pids) - cpuBefore;
  const after = await counts();
  const loadEnd = os.loadavg().map((x) => Number(x.toFixed(2)));

  const one = (sql) => db.prepare(sql).first("n");
  const check = {
    renewal_rows: await one("SELECT count(*) AS n FROM subscription_renewals"),
    subscriptions_renewed: await one("SELECT count(DISTINCT subscription_id) AS n FROM subscription_renewals"),
    subscriptions_billed_twice: await one(
      "SELECT count(*) AS n FROM (SELECT subscription_id FROM subscription_renewals GROUP BY subscription_id HAVING count(*) > 1)",
    ),
    invoices_created: await one("SELECT count(*) AS n FROM invoices"),
    invoice_lines: await one("SELECT count(*) AS n FROM line_items"),
    still_due: await one(`SELECT count(*) AS n FROM subscriptions WHERE renews_next <= ${now}`),
  };
  await mf.dispose();
  rmSync(stateDir, { recursive: true, force: true });

  const statements = after.statements - before.statements;
  const calls = after.calls - before.calls;
  const renewals = check.renewal_rows;
  const per = (x, digits = 2) => (renewals ? Number((x / renewals).toFixed(digits)) : null);
  return {
    subscriptions,
    tenants,
    seed_seconds: seeded.seconds,
    completed: check.subscriptions_renewed === subscriptions && check.subscriptions_billed_twice === 0,
    cron_runs: crons,
    queue_messages: after.consumed - before.consumed,
    queue: { max_batch_size: 10, max_batch_timeout_s: 5, queue: RENEWALS_QUEUE },
    wall_s: Number(wall.toFixed(1)),
    renewals_per_s: Number((renewals / wall).toFixed(1)),
    d1_statements: statements,
    d1_statements_per_renewal: per(statements),
    d1_round_trips: calls,
    d1_round_trips_per_renewal: per(calls),
    cpu_ms: cpu,
    cpu_ms_per_renewal: per(cpu),
    ...check,
    loadavg_start: loadStart,
    loadavg_end: loadEnd,
  };
}
