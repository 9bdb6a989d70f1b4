// Development tool: where a page's CPU goes. Builds the worker unminified, seeds a
// dataset, loads one page with autocannon while V8's sampling profiler runs in the
// portal worker (through Miniflare's inspector), and prints the functions with the
// most self time. Usage: node bench/profile.mjs --page billing [--invoices 10000]
// [--seconds 10] [--interval 500]. Also samples the isolates Miniflare runs for local
// D1 and KV (through workerd's own inspector) and prints each isolate's share. Writes
// the raw profiles to bench/out/<page>*.cpuprofile (open them in Chrome DevTools;
// `node bench/profile-summary.mjs <file>` groups one by what the time is spent on).
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { measure, warmUp } from "./lib/load.mjs";
import { BENCH, seed } from "./lib/seed.mjs";
import * as serve from "./lib/serve.mjs";
import { PAGES, requestFor } from "./lib/targets.mjs";

const { values: args } = parseArgs({
  options: {
    page: { type: "string", default: "invoice_list" },
    invoices: { type: "string", default: "10000" },
    seconds: { type: "string", default: "10" },
    top: { type: "string", default: "30" },
    // microseconds between samples: finer costs more, and every isolate is sampled
    interval: { type: "string", default: "500" },
    // the bench's two-process setup: D1 and KV in a second workerd process, so the
    // portal worker's profile is what `npm run bench` counts as its own CPU
    split: { type: "boolean", default: false },
  },
});
const page = PAGES.find((p) => p.name === args.page);
if (!page) throw new Error(`unknown page ${args.page}: ${PAGES.map((p) => p.name).join(", ")}`);
const key = args.invoices;

const scripts = { portal: serve.buildPortal({ minify: false }), ...(await serve.buildReferences()) };
const stateDir = join(serve.OUT, "state-profile");
rmSync(stateDir, { recursive: true, force: true });
mkdirSync(stateDir, { recursive: true });
let { mf } = await serve.start({ stateDir, scripts, datasets: [{ key }] });
const { file } = await serve.migrate(mf, stateDir, key);
await mf.dispose();
const facts = seed(file, { invoices: Number(key) });
const inspectorPort = await serve.freePort();
const datasets = [{ key, tenantId: facts.tenantId, customerId: BENCH.customerId }];
const started = args.split
  ? await serve.startSplit({ stateDir, scripts, datasets, inspectorPort, minify: false })
  : await serve.start({ stateDir, scripts, datasets, inspectorPort });
mf = started.mf;
const req = requestFor(page, { ports: { bare: started.ports.bare, ...started.ports.datasets[key] }, facts });
await warmUp(req, { seconds: 3, connections: 16 });

// Every isolate of the workerd process: the portal worker through Miniflare's
// inspector proxy, and (with workerd's own inspector, found among the process's
// listening ports) the isolates Miniflare runs for local D1 and KV, whose CPU is in
// the process's figure but, in production, on the other side of a network hop.
const pids = args.split ? started.pids.worker : serve.workerdPids();
const runtimeTargets = args.split ? [] : await runtimeInspectorTargets(pids);
const proxied = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
const portalTarget = proxied.find((t) => t.title?.includes(`portal-${key}`) || t.id?.includes(`portal-${key}`)) ?? proxied[0];
const sessions = [{ name: "portal worker", url: portalTarget.webSocketDebuggerUrl }];
for (const t of runtimeTargets) {
  if (t.id.includes("portal-")) continue; // profiled through the proxy
  sessions.push({ name: t.id, url: t.url });
}
const opened = (
  await Promise.all(
    sessions.map((s) =>
      openSession(s).catch((e) => {
        console.log(`(not profiled: ${s.name}: ${e.message})`);
        return null;
      }),
    ),
  )
).filter(Boolean);
for (const s of opened) {
  await s.send("Profiler.enable");
  await s.send("Profiler.setSamplingInterval", { interval: Number(args.interval) });
  await s.send("Profiler.start");
}
const m = await measure(req, { seconds: Number(args.seconds), connections: 16, pids: { worker: pids, storage: args.split ? started.pids.storage : [] } });
const profiles = [];
for (const s of opened) {
  const { result } = await s.send("Profiler.stop");
  if (result?.profile) profiles.push({ name: s.name, profile: result.profile });
  s.close();
}
await mf.dispose();
if (args.split) await started.storage.dispose();
rmSync(stateDir, { recursive: true, force: true });

const busyOf = (p) => {
  const idle = new Set(p.nodes.filter((n) => ["(idle)"].includes(n.callFrame.functionName)).map((n) => n.id));
  let t = 0;
  p.samples.forEach((id, i) => {
    if (!idle.has(id)) t += p.timeDeltas[i] ?? 0;
  });
  return t;
};
const allBusy = profiles.reduce((a, p) => a + busyOf(p.profile), 0);
console.log(`isolates sampled (busy time, share of all isolates' busy time; wall-clock samples, so shares not ms):`);
for (const p of profiles) {
  const b = busyOf(p.profile);
  console.log(`${((100 * b) / allBusy).toFixed(1).padStart(5)} %  ${(b / 1000).toFixed(0).padStart(6)} ms  ${p.name}`);
  if (p.name !== "portal worker" && b > 0)
    writeFileSync(join(serve.OUT, `${page.name}.${p.name.replace(/[^\w.-]+/g, "_")}.cpuprofile`), JSON.stringify(p.profile));
}
const result = { profile: profiles.find((p) => p.name === "portal worker").profile };

const profile = result.profile;
writeFileSync(join(serve.OUT, `${page.name}.cpuprofile`), JSON.stringify(profile));
const dt = new Map();
profile.samples.forEach((id, i) => {
  dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const self = new Map();
let total = 0;
for (const node of profile.nodes) {
  const t = dt.get(node.id) ?? 0;
  total += t;
  const f = node.callFrame;
  const name = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
  self.set(name, (self.get(name) ?? 0) + t);
}
console.log(`${page.name}: ${m.rps.toFixed(0)} req/s, ${m.cpu_ms_per_req?.toFixed(2)} ms CPU per request (process), ${m.requests} requests`);
console.log(`profiled isolate time per request: ${(total / 1000 / m.requests).toFixed(3)} ms`);
for (const [name, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) {
  console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${(t / 1000 / m.requests).toFixed(3)} ms  ${name}`);
}

async function runtimeInspectorTargets(pids) {
  const out = [];
  let listing = "";
  try {
    listing = execFileSync("ss", ["-ltnpH"], { encoding: "utf8" });
  } catch {
    return out;
  }
  const ports = listing
    .split("\n")
    .filter((l) => pids.some((pid) => l.includes(`pid=${pid},`)))
    .map((l) => Number(/:(\d+)\s/.exec(l)?.[1]))
    .filter(Boolean);
  for (const port of ports) {
    try {
      const list = await (await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(1000) })).json();
      if (!Array.isArray(list) || !list.some((t) => String(t.id).startsWith("core:"))) continue;
      for (const t of list) out.push({ id: t.id, url: `ws://127.0.0.1:${port}/${t.id}` });
    } catch {
      // not the inspector
    }
  }
  return out;
}

async function openSession({ name, url }) {
  // the inspector proxy wants an Origin it knows (as DevTools would send)
  const ws = new WebSocket(url, { headers: { Origin: "http://localhost" } });
  const pending = new Map();
  await new Promise((res, rej) => {
    ws.onopen = res;
    ws.onerror = () => rej(new Error("could not connect"));
    ws.onclose = (e) => {
      rej(new Error(`inspector closed the connection (${e.code} ${e.reason})`));
      for (const [, done] of pending) done({ error: "closed" });
    };
  });
  let nextId = 1;
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && pending.has(msg.id)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    }
  };
  return {
    name,
    send: (method, params = {}) =>
      new Promise((res) => {
        const id = nextId++;
        pending.set(id, res);
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}
