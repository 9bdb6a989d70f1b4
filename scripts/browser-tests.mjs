// Browser tests: `npm run test:browser [-- <filter>...]`.
// Starts the worker with `wrangler dev` on a free port and a fresh temporary
// D1/KV, runs every test/browser/*.browser.mjs in Debian's chromium, and always
// stops wrangler. A filter keeps tests whose file or name contains it.
// Exit code 0 only when every test passed. See test/browser/README.md.
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM_PATH, launchChromium } from "../test/browser/lib/browser.mjs";
import { _registry, makeFixture, RESULTS_DIR } from "../test/browser/lib/harness.mjs";
import { ensureDevVars, startWorker } from "../test/browser/lib/server.mjs";

const TEST_DIR = "test/browser";
const filters = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const green = (s) => paint(32, s);
const red = (s) => paint(31, s);
const dim = (s) => paint(2, s);

let server = null;
let browser = null;

async function cleanup() {
  await browser?.close().catch(() => {});
  browser = null;
  await server?.stop().catch(() => {});
  server = null;
}

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    console.error(`\n${sig}: stopping wrangler`);
    await cleanup();
    process.exit(130);
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)))]).finally(
    () => clearTimeout(timer),
  );
}

async function main() {
  if (!existsSync(CHROMIUM_PATH)) {
    console.error(red(`chromium not found at ${CHROMIUM_PATH}: install it with \`sudo apt-get install -y chromium\` (Debian/Ubuntu)`));
    return 1;
  }
  const files = readdirSync(TEST_DIR)
    .filter((f) => f.endsWith(".browser.mjs"))
    .sort();
  for (const f of files) {
    _registry.setFile(f);
    await import(pathToFileURL(resolve(TEST_DIR, f)).href);
  }
  const tests = _registry.tests.filter((t) => !filters.length || filters.some((q) => t.file.includes(q) || t.name.toLowerCase().includes(q.toLowerCase())));
  if (!tests.length) {
    console.error(red(`no browser tests${filters.length ? ` match ${filters.join(", ")}` : ` in ${TEST_DIR}`}`));
    return 1;
  }

  rmSync(RESULTS_DIR, { recursive: true, force: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const devVars = ensureDevVars();
  const logFile = join(RESULTS_DIR, "wrangler.log");
  const started = Date.now();
  const reuse = Number.parseInt(process.env.BROWSER_TESTS_REUSE_PORT ?? "", 10);
  if (reuse) {
    // Faster iteration against an already running `npm run dev` (its data is kept).
    server = { port: reuse, apiOrigin: `http://api.localhost:${reuse}`, origin: (u) => `http://${u}.localhost:${reuse}`, stop: async () => {} };
    console.log(dim(`using the worker already running on port ${reuse}`));
  } else {
    console.log(dim(`starting wrangler dev (log: ${logFile})...`));
    server = await startWorker({ logFile });
    console.log(dim(`worker up on port ${server.port} in ${((Date.now() - started) / 1000).toFixed(1)} s; chromium ${CHROMIUM_PATH}`));
  }
  browser = await launchChromium();

  const failures = [];
  let passed = 0;
  let skipped = 0;
  let lastFile = "";
  for (const test of tests) {
    if (test.file !== lastFile) console.log(`\n${test.file}`);
    lastFile = test.file;
    if (test.skip) {
      skipped++;
      console.log(dim(`  - ${test.name} (skipped)`));
      continue;
    }
    const fixture = makeFixture({ server, browser, devVars, testName: test.name, file: test.file });
    const t0 = Date.now();
    let error = null;
    try {
      await withTimeout(
        Promise.resolve().then(() => test.fn(fixture.t)),
        test.timeout,
        "test",
      );
      const problems = fixture.problems();
      if (problems.length) error = new Error(`page errors or CSP refusals:\n  ${problems.join("\n  ")}`);
    } catch (err) {
      error = err;
    }
    if (error) {
      const shots = await fixture.screenshotOpenPages();
      failures.push({ test, error, shots });
      console.log(red(`  ✗ ${test.name}`) + dim(` (${Date.now() - t0} ms)`));
    } else {
      passed++;
      console.log(green(`  ✓ ${test.name}`) + dim(` (${Date.now() - t0} ms)`));
    }
    await fixture.dispose();
  }

  for (const { test, error, shots } of failures) {
    console.log(red(`\n✗ ${test.file} › ${test.name}`));
    console.log(String(error?.stack ?? error).replace(/^/gm, "    "));
    if (shots.length) console.log(dim(`    screenshots: ${shots.join(", ")}`));
  }
  const summary = `${passed} passed, ${failures.length} failed${skipped ? `, ${skipped} skipped` : ""} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
  console.log(`\nbrowser tests: ${failures.length ? red(summary) : green(summary)}`);
  if (failures.length) console.log(dim(`screenshots and wrangler.log in ${RESULTS_DIR}/`));
  return failures.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(red(`browser tests could not run: ${err?.stack ?? err}`));
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
