// Development tool: where a page's CPU goes. Builds the worker unminified, seeds a
// dataset, loads one page with autocannon while V8's sampling profiler runs in the
// portal worker (through Miniflare's inspector), and prints the functions with the
// most self time. Usage: node bench/profile.mjs --page billing [--invoices 10000]
// [--seconds 10]. Writes the raw profile to bench/out/<page>.cpuprofile (open it in
// Chrome DevTools).
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
const started = await serve.start({ stateDir, scripts, datasets: [{ key, tenantId: facts.tenantId, customerId: BENCH.customerId }], inspectorPort });
mf = started.mf;
const req = requestFor(page, { ports: { bare: started.ports.bare, ...started.ports.datasets[key] }, facts });
await warmUp(req, { seconds: 3, connections: 16 });

const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();

const target = targets.find((t) => t.title?.includes(`portal-${key}`) || t.id?.includes(`portal-${key}`)) ?? targets[0];
// the inspector proxy wants an Origin it knows (as DevTools would send)
const ws = new WebSocket(target.webSocketDebuggerUrl, { headers: { Origin: "http://localhost" } });
await new Promise((res, rej) => {
  ws.onopen = res;
  ws.onerror = rej;
  ws.onclose = (e) => {
    rej(new Error(`inspector closed the connection (${e.code} ${e.reason})`));
    for (const [, done] of pending) done({ error: "closed" });
  };
});
let nextId = 1;
const pending = new Map();
ws.onmessage = (m) => {
  const msg = JSON.parse(m.data);
  if (msg.id && pending.has(msg.id)) {
    pending.get(msg.id)(msg);
    pending.delete(msg.id);
  }
};
const send = (method, params = {}) =>
  new Promise((res) => {
    const id = nextId++;
    pending.set(id, res);
    ws.send(JSON.stringify({ id, method, params }));
  });

await send("Profiler.enable");
await send("Profiler.setSamplingInterval", { interval: 100 });
await send("Profiler.start");
const m = await measure(req, { seconds: Number(args.seconds), connections: 16, pids: serve.workerdPids() });
const { result } = await send("Profiler.stop");
ws.close();
await mf.dispose();
rmSync(stateDir, { recursive: true, force: true });

const profile = result.profile;
writeFileSync(join(serve.OUT, `${page.name}.cpuprofile`), JSON.stringify(profile));
const dt = new Map();
profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
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
