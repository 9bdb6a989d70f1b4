// The worker under test: `wrangler dev` on a free port with a fresh, temporary
// local D1/KV, migrations applied first.
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations, freePort, spawnWranglerDev, waitForHttp } from "../../../scripts/lib/local-worker.mjs";

export { ensureDevVars, sleep } from "../../../scripts/lib/local-worker.mjs";

/**
 * Starts `wrangler dev` and resolves once the api host answers.
 * Returns { port, origin(username), apiOrigin, persistTo, stop() }. `stop()` kills
 * wrangler's process group and removes the temporary state; safe to call twice.
 */
export async function startWorker({ logFile, startTimeoutMs = 180_000 } = {}) {
  const persistTo = mkdtempSync(join(tmpdir(), "bp-browser-"));
  const log = logFile ? createWriteStream(logFile) : null;
  let tail = "";
  let wrangler = null;
  const stop = async () => {
    await wrangler?.stop();
    log?.end();
    rmSync(persistTo, { recursive: true, force: true });
  };
  try {
    applyMigrations(persistTo);
    const port = await freePort();
    wrangler = spawnWranglerDev({
      port,
      inspectorPort: await freePort(),
      persistTo,
      // Links the worker builds (S9: from configuration, not the Host) must carry this port.
      vars: { PORTAL_PORT: port },
      onOutput: (chunk) => {
        log?.write(chunk);
        tail = (tail + chunk.toString()).slice(-4000);
      },
    });
    const apiOrigin = `http://api.localhost:${port}`;
    await waitForHttp(`${apiOrigin}/_dev/outbox?limit=1`, { timeoutMs: startTimeoutMs, isDead: () => wrangler.exited() !== null });
    return { port, apiOrigin, origin: (username) => `http://${username}.localhost:${port}`, persistTo, stop };
  } catch (err) {
    await stop();
    throw new Error(`${err.message}\n--- wrangler output (tail) ---\n${tail}`);
  }
}
