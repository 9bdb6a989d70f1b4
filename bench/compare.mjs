// Development tool: a change's effect on the portal worker's CPU, paired. Builds the
// portal at a base revision (a git worktree sharing this checkout's node_modules) and
// as it is now, serves both side by side in the bench's two-process setup on the same
// data, and alternates short loads of each, page by page, in ABBA order. Each pair of
// runs is close in time, so the machine's drift (10 to 40 % between runs of
// `npm run bench`, bench/analysis.md) mostly cancels in the ratio now ÷ base; the
// median over pairs is printed with its spread.
// Usage: node bench/compare.mjs --base <rev> [--pages login,account] [--pairs 6] [--seconds 3]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { measure, warmUp } from "./lib/load.mjs";
import { BENCH, seed } from "./lib/seed.mjs";
import * as serve from "./lib/serve.mjs";
import { PAGES, requestFor } from "./lib/targets.mjs";

const { values: args } = parseArgs({
  options: {
    base: { type: "string", default: "HEAD" },
    pages: { type: "string", default: "login,account,invoice_list,invoice_detail,signin_request" },
    invoices: { type: "string", default: "10000" },
    pairs: { type: "string", default: "6" },
    seconds: { type: "string", default: "3" },
    connections: { type: "string", default: "16" },
  },
});
const key = args.invoices;

// ---- the two builds ----
const tree = resolve(serve.OUT, "compare-base");
if (existsSync(tree)) execFileSync("git", ["worktree", "remove", "--force", tree]);
execFileSync("git", ["worktree", "add", "--detach", tree, args.base], { stdio: "ignore" });
symlinkSync(resolve("node_modules"), join(tree, "node_modules"));
const base = serve.buildPortal({ cwd: tree, dir: join(serve.OUT, "worker-base") });
execFileSync("git", ["worktree", "remove", "--force", tree]);
const scripts = { portal: serve.buildPortal(), ...(await serve.buildReferences()) };

// ---- data, and both builds served on it ----
const stateDir = join(serve.OUT, "state-compare");
rmSync(stateDir, { recursive: true, force: true });
mkdirSync(stateDir, { recursive: true });
const { mf } = await serve.start({ stateDir, scripts, datasets: [{ key }] });
const { file } = await serve.migrate(mf, stateDir, key);
await mf.dispose();
const facts = seed(file, { invoices: Number(key) });
const started = await serve.startSplit({
  stateDir,
  scripts,
  datasets: [{ key, tenantId: facts.tenantId, customerId: BENCH.customerId }],
  otherPortals: { base },
});
const ports = started.ports.datasets[key];
serve.pin(started.pids.worker, started.pids.storage);
const load = { seconds: Number(args.seconds), connections: Number(args.connections) };
const pids = { worker: started.pids.worker, storage: started.pids.storage };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`base ${args.base} vs the working tree, ${key} invoices; worker CPU ms per request, paired runs of ${args.seconds} s`);
for (const name of args.pages.split(",")) {
  const page = PAGES.find((p) => p.name === name);
  if (!page) throw new Error(`unknown page ${name}`);
  const now = requestFor(page, { ports, facts });
  const before = { ...now, port: ports.base };
  await warmUp(now, load);
  await warmUp(before, load);
  const pairs = [];
  for (let i = 0; i < Number(args.pairs); i++) {
    // ABBA: neither build always runs first
    const order = i % 2 ? [now, before] : [before, now];
    const [first, second] = [await measure(order[0], { ...load, pids }), await measure(order[1], { ...load, pids })];
    const [b, n] = i % 2 ? [second, first] : [first, second];
    for (const [which, m] of [
      ["base", b],
      ["now", n],
    ]) {
      const refused = page.kind === "post" ? m.errors : m.non2xx + m.errors;
      if (refused) throw new Error(`${name} (${which}): ${m.non2xx} answers not 2xx, ${m.errors} errors`);
    }
    pairs.push({ base: b.worker_cpu_ms_per_req, now: n.worker_cpu_ms_per_req });
  }
  const ratios = pairs.map((p) => p.now / p.base);
  console.log(
    `${name.padEnd(16)} base ${median(pairs.map((p) => p.base)).toFixed(3)}  now ${median(pairs.map((p) => p.now)).toFixed(3)}  ` +
      `now ÷ base ${median(ratios).toFixed(3)} (pairs ${ratios.map((r) => r.toFixed(2)).join(", ")})`,
  );
}
await started.mf.dispose();
await started.storage.dispose();
rmSync(stateDir, { recursive: true, force: true });
