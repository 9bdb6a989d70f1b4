// Builds the portal bundle and the two reference workers, and serves all three
// from one Miniflare instance (one workerd process) with direct sockets: no dev
// proxy, no inspector, no per-request log posted back to Node (stack-notes.md).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { cpus } from "node:os";
import { join, resolve } from "node:path";

const require = createRequire(import.meta.url);
// The Miniflare that wrangler itself bundles, so the runtime matches `wrangler deploy`.
const wranglerRequire = createRequire(require.resolve("wrangler/package.json"));
const { Miniflare, convertV4MiniflareOptions } = wranglerRequire("miniflare");

export const OUT = resolve("bench/out");
const WRANGLER = resolve("node_modules/.bin/wrangler");

/**
 * `wrangler deploy --dry-run`: the exact bundle that would be deployed, minified.
 * `minify: false` keeps function names readable for a CPU profile (bench/profile.mjs).
 */
export function buildPortal({ minify = true, cwd = ".", dir = join(OUT, minify ? "worker" : "worker-readable") } = {}) {
  // --env="": the top-level (development) configuration, as `npm run dev` serves it
  // the metafile: which inputs the entry reaches statically (bench/lib/startup.mjs)
  execFileSync(WRANGLER, ["deploy", "--dry-run", minify ? "--minify" : "--no-minify", "--env=", "--outdir", dir, "--metafile", join(dir, "meta.json")], {
    cwd,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  return join(dir, "index.js");
}

/** The reference workers, bundled by the esbuild wrangler uses, with the same minification. */
export async function buildReferences() {
  const esbuild = wranglerRequire("esbuild");
  const out = {};
  for (const [name, entry] of [
    ["bare", "bench/reference/bare.ts"],
    ["d1-table", "bench/reference/d1-table.tsx"],
  ]) {
    const outfile = join(OUT, name, "index.js");
    await esbuild.build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      minify: true,
      format: "esm",
      target: "es2022",
      platform: "neutral",
      conditions: ["workerd", "worker", "browser"],
      mainFields: ["module", "main"],
      jsx: "automatic",
      jsxImportSource: "hono/jsx",
      logLevel: "warning",
    });
    out[name] = outfile;
  }
  return out;
}

/** Development secrets: .dev.vars if present, else the committed example (a fresh clone). */
export function devSecrets() {
  const file = existsSync(".dev.vars") ? ".dev.vars" : ".dev.vars.example";
  const vars = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (m) vars[m[1]] = m[2].replace(/^"(.*)"$/, "$1");
  }
  return vars;
}

export async function wranglerConfig() {
  const { unstable_readConfig } = await import("wrangler");
  return unstable_readConfig({ config: "wrangler.toml" });
}

export async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

const worker = (name, scriptPath, port, extra, entrypoint) => ({
  name,
  scriptPath,
  modules: true,
  modulesRoot: resolve(scriptPath, ".."),
  unsafeDirectSockets: [{ host: "127.0.0.1", port, ...(entrypoint ? { entrypoint } : {}) }],
  ...extra,
});

/**
 * Starts one workerd process over a persisted state directory: the bare worker,
 * and for each dataset a portal worker and a reference worker bound to that
 * dataset's D1 database (so the reference page reads the portal's rows). Serving
 * every dataset from one process lets rounds interleave them.
 * `datasets`: [{ key, tenantId, customerId }]. Returns the ports by worker.
 */
export async function start({ stateDir, scripts, datasets, inspectorPort }) {
  const config = await wranglerConfig();
  const compat = { compatibilityDate: config.compatibility_date, compatibilityFlags: config.compatibility_flags };
  const ports = { bare: await freePort(), datasets: {} };
  const workers = [worker("bare", scripts.bare, ports.bare, compat)];
  for (const d of datasets) {
    const p = { portal: await freePort(), reference: await freePort() };
    ports.datasets[d.key] = p;
    workers.push(
      worker(`portal-${d.key}`, scripts.portal, p.portal, {
        ...compat,
        d1Databases: { DB: `bench-db-${d.key}` },
        kvNamespaces: { SIGNIN_TOKENS: `bench-kv-${d.key}` },
        // As deployed: the assets router answers static files and hands the rest to the worker.
        assets: {
          directory: resolve(config.assets?.directory ?? "static"),
          binding: "ASSETS",
          routerConfig: { has_user_worker: true },
          ...(config.assets?.run_worker_first !== undefined ? { run_worker_first: config.assets.run_worker_first } : {}),
        },
        // ENVIRONMENT stays "development" so the worker reports X-D1-Round-Trips and
        // sends mail to its local outbox, as `npm run dev` does.
        bindings: { ...config.vars, ...devSecrets(), PORTAL_PORT: "" },
        ...(inspectorPort ? { unsafeInspectorProxy: true } : {}),
      }),
      worker(`reference-${d.key}`, scripts["d1-table"], p.reference, {
        ...compat,
        d1Databases: { DB: `bench-db-${d.key}` },
        bindings: { TENANT_ID: String(d.tenantId ?? 1), CUSTOMER_ID: String(d.customerId ?? 1) },
      }),
    );
  }
  const mf = new Miniflare(convertV4MiniflareOptions({ resourcePersistencePath: stateDir, workers, ...(inspectorPort ? { inspectorPort } : {}) }));
  await mf.ready;
  return { mf, ports };
}

/** A bundle wrapped so that its D1 and KV calls go to the storage process (bench/reference/remote-storage.ts). */
async function buildRemote(script, name, minify = true) {
  const esbuild = wranglerRequire("esbuild");
  const outfile = join(OUT, `remote-${name}`, "index.js");
  await esbuild.build({
    stdin: {
      contents: `import worker from ${JSON.stringify(script)};
import { directEntrypoint, withRemoteStorage } from ${JSON.stringify(resolve("bench/reference/remote-storage.ts"))};
export default withRemoteStorage(worker);
export const Direct = directEntrypoint(worker);`,
      resolveDir: resolve("."),
      sourcefile: `remote-${name}-entry.js`,
      loader: "js",
    },
    outfile,
    bundle: true,
    minify,
    // unminified (for a profile), a source map chained through the portal's own, so
    // bench/profile-summary.mjs can name the module of every sample
    sourcemap: !minify,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    external: ["cloudflare:*", "node:*"],
    logLevel: "warning",
  });
  return outfile;
}

/**
 * The two-process setup (issue 18): the workers in one workerd process, each dataset's
 * D1 database and KV namespace in a second one behind bench/reference/storage-host.ts,
 * reached over a service binding. The first process's CPU is then the worker's own
 * (with what a D1 or KV call costs the caller), the second's what D1 and KV do, which
 * in production happens a network hop away. Returns both instances, the ports and each
 * process's pids; the storage ports also answer the D1 counts (`storageCall`).
 */
export async function startSplit({ stateDir, scripts, datasets, inspectorPort, minify = true, otherPortals = {} }) {
  const config = await wranglerConfig();
  const compat = { compatibilityDate: config.compatibility_date, compatibilityFlags: config.compatibility_flags };
  const remote = { portal: await buildRemote(scripts.portal, "portal", minify), reference: await buildRemote(scripts["d1-table"], "reference", minify) };
  // other builds of the portal (bench/compare.mjs): served beside it, on the same data
  const others = {};
  for (const [name, script] of Object.entries(otherPortals)) others[name] = await buildRemote(script, `portal-${name}`, minify);
  const before = new Set(workerdPids());
  const storagePorts = {};
  const storageWorkers = [];
  for (const d of datasets) {
    storagePorts[d.key] = await freePort();
    storageWorkers.push(
      worker(`storage-${d.key}`, await buildStorageHost(), storagePorts[d.key], {
        ...compat,
        d1Databases: { DB: `bench-db-${d.key}` },
        kvNamespaces: { KV: `bench-kv-${d.key}` },
      }),
    );
  }
  const storage = new Miniflare(convertV4MiniflareOptions({ resourcePersistencePath: stateDir, workers: storageWorkers }));
  await storage.ready;
  const storagePids = workerdPids().filter((p) => !before.has(p));
  const ports = { bare: await freePort(), datasets: {}, storage: storagePorts };
  const workers = [worker("bare", scripts.bare, ports.bare, compat)];
  for (const d of datasets) {
    const p = { portal: await freePort(), reference: await freePort() };
    ports.datasets[d.key] = p;
    const STORAGE = { external: { address: `127.0.0.1:${storagePorts[d.key]}`, http: {} } };
    const portalWorker = (name, script, port) =>
      worker(
        name,
        script,
        port,
        {
          ...compat,
          // SELF: the webhook queue's batches reach the worker's queue() through its own entrypoint (remote-storage.ts)
          serviceBindings: { STORAGE, SELF: { name, entrypoint: "Direct" } },
          assets: {
            directory: resolve(config.assets?.directory ?? "static"),
            binding: "ASSETS",
            routerConfig: { has_user_worker: true },
            ...(config.assets?.run_worker_first !== undefined ? { run_worker_first: config.assets.run_worker_first } : {}),
          },
          // Mail goes through production's transport, the MailChannels API, which the wrapper
          // (bench/reference/remote-storage.ts) sends to the storage process as a fake
          // receiver: development's outbox would be a D1 insert production never makes.
          bindings: { ...config.vars, ...devSecrets(), MAILCHANNELS_API_KEY: "bench-fake-receiver", PORTAL_PORT: "" },
          ...(inspectorPort ? { unsafeInspectorProxy: true } : {}),
          // the worker itself, not Miniflare's assets routing in front of it (remote-storage.ts: directEntrypoint)
        },
        "Direct",
      );
    workers.push(portalWorker(`portal-${d.key}`, remote.portal, p.portal));
    for (const [name, script] of Object.entries(others)) {
      p[name] = await freePort();
      workers.push(portalWorker(`portal-${name}-${d.key}`, script, p[name]));
    }
    workers.push(
      worker(`reference-${d.key}`, remote.reference, p.reference, {
        ...compat,
        serviceBindings: { STORAGE },
        bindings: { TENANT_ID: String(d.tenantId ?? 1), CUSTOMER_ID: String(d.customerId ?? 1) },
      }),
    );
  }
  const seen = new Set(workerdPids());
  const mf = new Miniflare(convertV4MiniflareOptions({ workers, ...(inspectorPort ? { inspectorPort } : {}) }));
  await mf.ready;
  const workerPids = workerdPids().filter((p) => !seen.has(p));
  return { mf, storage, ports, pids: { worker: workerPids, storage: storagePids } };
}

let storageHost;
async function buildStorageHost() {
  if (storageHost) return storageHost;
  const esbuild = wranglerRequire("esbuild");
  storageHost = join(OUT, "storage-host", "index.js");
  await esbuild.build({
    entryPoints: [resolve("bench/reference/storage-host.ts")],
    outfile: storageHost,
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    logLevel: "warning",
  });
  return storageHost;
}

/** Asks a dataset's storage process: `{ op: "counts" }` or `{ op: "meter", on }`. */
export async function storageCall(port, body) {
  const res = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: JSON.stringify(body) });
  const answer = await res.json();
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}

const d1Dir = (stateDir) => join(stateDir, "d1", "miniflare-D1DatabaseObject");
const d1Files = (stateDir) => (existsSync(d1Dir(stateDir)) ? readdirSync(d1Dir(stateDir)).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite") : []);

/**
 * Applies the project's migrations through one dataset's D1 binding and returns the
 * SQLite file Miniflare created for it (the one that was not there before).
 */
export async function migrate(mf, stateDir, key) {
  const before = new Set(d1Files(stateDir));
  const db = await mf.getD1Database("DB", `portal-${key}`);
  const files = readdirSync("migrations")
    .filter((f) => f.endsWith(".sql"))
    .sort();
  for (const f of files) {
    const stmts = readFileSync(join("migrations", f), "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    await db.batch(stmts.map((s) => db.prepare(s)));
  }
  const created = d1Files(stateDir).filter((f) => !before.has(f));
  if (created.length !== 1) throw new Error(`expected one new D1 file for dataset ${key}, found ${created.length}`);
  return { migrations: files, file: join(d1Dir(stateDir), created[0]) };
}

/** workerd processes started by this Node process (Miniflare spawns one). */
export function workerdPids() {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (Number(after[1]) === process.pid && comm.startsWith("workerd")) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** utime + stime of the processes, in milliseconds (CLK_TCK is 100 on Linux). */
export function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(f[11]) + Number(f[12]); // fields 14 and 15 of stat(5)
  }
  return ticks * 10;
}

/**
 * Pins workerd to the first core and this process (the load generator) to the
 * second, so they do not take turns on one core (stack-notes.md). Null when the
 * machine has one core or no taskset.
 */
export function pin(pids, beside = []) {
  if (cpus().length < 2) return null;
  try {
    for (const pid of pids) execFileSync("taskset", ["-a", "-p", "-c", "0", String(pid)], { stdio: "ignore" });
    for (const pid of [process.pid, ...beside]) execFileSync("taskset", ["-a", "-p", "-c", "1", String(pid)], { stdio: "ignore" });
    return { workerd: 0, load: 1, ...(beside.length ? { storage: 1 } : {}) };
  } catch {
    return null;
  }
}

/** The version of a package as `req` resolves it (its package.json may not be exported). */
export function packageVersion(req, name) {
  let dir = resolve(req.resolve(name), "..");
  while (dir !== "/") {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8"));
      if (pkg.name === name) return pkg.version;
    }
    dir = resolve(dir, "..");
  }
  return "unknown";
}

export { convertV4MiniflareOptions, Miniflare, wranglerRequire };
