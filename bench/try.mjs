import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as s from "./lib/serve.mjs";
import { seed, BENCH } from "./lib/seed.mjs";
import { request } from "./lib/http.mjs";
const N = Number(process.argv[2] ?? 10000);
let t = performance.now();
const portal = s.buildPortal();
const refs = await s.buildReferences();
console.log("build", Math.round(performance.now() - t)); t = performance.now();
const scripts = { portal, ...refs };
const stateDir = mkdtempSync(join(tmpdir(), "bench-"));
let { mf } = await s.start({ stateDir, scripts });
console.log("migrated", await s.migrate(mf), Math.round(performance.now() - t));
await mf.dispose();
const facts = seed(s.d1File(stateDir), { invoices: N });
console.log(facts);
const r = await s.start({ stateDir, scripts, tenantId: facts.tenantId });
mf = r.mf;
console.log("pids", s.workerdPids(), s.cpuMs(s.workerdPids()));
for (const [port, host, path] of [[r.ports.bare, "x", "/"], [r.ports.reference, "x", "/"], [r.ports.portal, "bench.localhost", "/"], [r.ports.portal, "bench.localhost", "/login"]]) {
  const res = await request(port, { path, headers: { Host: host, Cookie: `__Host-bp_session=${BENCH.sessionCookie}` } });
  const body = res.body.toString();
  console.log(port, path, res.status, res.headers["location"], res.headers["x-d1-round-trips"], body.length, body.slice(0, 300).replace(/\n/g, " "));
}
await mf.dispose();
