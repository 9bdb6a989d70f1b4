// Running the worker locally with wrangler: shared by `npm run dev` and the browser tests.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { request } from "./http.mjs";

const WRANGLER = join(process.cwd(), "node_modules", "wrangler", "bin", "wrangler.js");
/** wrangler needs Node >= 22.12: npm scripts put the `node` devDependency first on PATH. */
const NODE = process.execPath;
const CHILD_ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A TCP port that was free a moment ago (the kernel picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** True when something already listens on 127.0.0.1:port. */
export function portInUse(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(true));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(false)));
  });
}

/**
 * `.dev.vars` holds the development secrets (wrangler reads it); created from
 * `.dev.vars.example` when missing. Returns its values.
 */
export function ensureDevVars() {
  let created = false;
  if (!existsSync(".dev.vars")) {
    copyFileSync(".dev.vars.example", ".dev.vars");
    created = true;
  }
  const vars = {};
  for (const line of readFileSync(".dev.vars", "utf8").split("\n")) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/.exec(line);
    if (m) vars[m[1]] = m[2];
  }
  return Object.defineProperty(vars, "created", { value: created });
}

/** Applies every migration to the local D1 (in `persistTo`, or wrangler's default .wrangler/state). */
export function applyMigrations(persistTo) {
  const args = [WRANGLER, "d1", "migrations", "apply", "DB", "--local"];
  if (persistTo) args.push("--persist-to", persistTo);
  // CI=true: never wait for a confirmation prompt
  const r = spawnSync(NODE, args, { env: { ...CHILD_ENV, CI: "true" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`migrations failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Spawns `wrangler dev` in its own process group (so stop() reaches workerd and
 * esbuild too). `onOutput(chunk)` receives its stdout and stderr.
 * Returns { child, exited(): null | {code, signal}, stop() }.
 */
export function spawnWranglerDev({ port, inspectorPort, persistTo, vars = {}, onOutput }) {
  const args = [WRANGLER, "dev", "--ip", "127.0.0.1", "--port", String(port), "--show-interactive-dev-session=false"];
  if (inspectorPort) args.push("--inspector-port", String(inspectorPort));
  if (persistTo) args.push("--persist-to", persistTo);
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(NODE, args, { env: CHILD_ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (c) => onOutput?.(c));
  child.stderr.on("data", (c) => onOutput?.(c));
  let exited = null;
  child.on("exit", (code, signal) => (exited = { code, signal }));
  let stopping = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (exited !== null) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      const deadline = Date.now() + 5000;
      while (exited === null && Date.now() < deadline) await sleep(100);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    })());
  return { child, exited: () => exited, stop };
}

/** Polls `url` until it answers `status`; throws if `isDead()` or after `timeoutMs`. */
export async function waitForHttp(url, { status = 200, timeoutMs = 180_000, isDead = () => false } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (isDead()) throw new Error("wrangler dev exited before it answered");
    try {
      if ((await request(url)).status === status) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}
