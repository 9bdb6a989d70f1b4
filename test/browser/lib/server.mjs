// Lifecycle of the worker under test: `wrangler dev` on a free port with a
// fresh, temporary local D1/KV, migrations applied first.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "./http.mjs";

const WRANGLER = join(process.cwd(), "node_modules", "wrangler", "bin", "wrangler.js");
/** wrangler needs Node >= 22.12: npm scripts put the `node` devDependency first on PATH. */
const NODE = process.execPath;
const CHILD_ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" };

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

/** `.dev.vars` holds the development secrets; created from the example when missing. */
export function ensureDevVars() {
  if (!existsSync(".dev.vars")) copyFileSync(".dev.vars.example", ".dev.vars");
  const vars = {};
  for (const line of readFileSync(".dev.vars", "utf8").split("\n")) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/.exec(line);
    if (m) vars[m[1]] = m[2];
  }
  return vars;
}

/** Applies every migration to the local D1 stored in `persistTo`. Throws with wrangler's output on failure. */
export function applyMigrations(persistTo) {
  const r = spawnSync(NODE, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
    env: CHILD_ENV,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`migrations failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/**
 * Starts `wrangler dev` and resolves once the api host answers.
 * Returns { port, origin(username), apiOrigin, persistTo, logFile, stop() }.
 * `stop()` kills wrangler's whole process group (wrangler, workerd, esbuild) and
 * removes the temporary state; it is safe to call twice.
 */
export async function startWorker({ logFile, startTimeoutMs = 180_000, extraArgs = [] } = {}) {
  const persistTo = mkdtempSync(join(tmpdir(), "bp-browser-"));
  applyMigrations(persistTo);
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = [
    WRANGLER, "dev",
    "--ip", "127.0.0.1",
    "--port", String(port),
    "--inspector-port", String(inspectorPort),
    "--persist-to", persistTo,
    // Links the worker builds (S9: from configuration, not the Host) must carry this port.
    "--var", `PORTAL_PORT:${port}`,
    "--show-interactive-dev-session=false",
    ...extraArgs,
  ];
  const log = logFile ? createWriteStream(logFile) : null;
  // detached: own process group, so stop() reaches workerd and esbuild too
  const child = spawn(NODE, args, { env: CHILD_ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  const keep = (chunk) => {
    log?.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  child.on("exit", (code, signal) => (exited = { code, signal }));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exited === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      const deadline = Date.now() + 5000;
      while (exited === null && Date.now() < deadline) await sleep(100);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
    log?.end();
    rmSync(persistTo, { recursive: true, force: true });
  };

  const apiOrigin = `http://api.localhost:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`wrangler dev exited early (${JSON.stringify(exited)}):\n${tail}`);
    }
    try {
      const res = await request(`${apiOrigin}/_dev/outbox?limit=1`);
      if (res.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer within ${startTimeoutMs / 1000} s:\n${tail}`);
    }
    await sleep(500);
  }
  return {
    port,
    apiOrigin,
    origin: (username) => `http://${username}.localhost:${port}`,
    persistTo,
    logFile,
    stop,
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
