// One load measurement: autocannon at fixed concurrency for a fixed time, with the
// workerd process's CPU time read from /proc before and after.
import autocannon from "autocannon";
import { cpuMs } from "./serve.mjs";

function options(req, { seconds, connections }) {
  const one = { method: req.method, path: req.path, headers: req.headers, body: req.body };
  return {
    url: `http://127.0.0.1:${req.port}`,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 30,
    // setupRequest (the sign-in request varies its body) needs the request list form
    requests: [req.setupRequest ? { ...one, setupRequest: req.setupRequest } : one],
  };
}

/**
 * Runs `req` for `seconds` with `connections` and returns throughput, latency and
 * CPU per request. `pids` are the workerd processes: one process serves every
 * worker, and only the target gets requests while it runs, so its CPU time over
 * the run divided by the requests served is the target's cost per request
 * (including local D1, which runs in the same process).
 */
export async function measure(req, { seconds, connections, pids }) {
  const cpuBefore = cpuMs(pids);
  const t0 = performance.now();
  const result = await autocannon(options(req, { seconds, connections }));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = cpuMs(pids) - cpuBefore;
  const served = result.requests.total;
  return {
    rps: served / Math.max(elapsed, seconds),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    cpu_ms_per_req: served ? cpu / served : null,
    requests: served,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** A short run to bring the isolate, JIT and SQLite page cache to a steady state. */
export async function warmUp(req, { seconds, connections }) {
  await autocannon(options(req, { seconds, connections }));
}
