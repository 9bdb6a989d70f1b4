// One load measurement: autocannon at fixed concurrency for a fixed time, with the
// workerd process's CPU time read from /proc before and after.
import autocannon from "autocannon";
import { cpuMs } from "./serve.mjs";

/**
 * Runs `target` for `seconds` with `connections` and returns throughput, latency
 * and CPU per request. `pids` are the workerd processes (all three workers share
 * one, and only the target gets requests while it runs).
 */
export async function measure(target, { seconds, connections, pids }) {
  const cpuBefore = cpuMs(pids);
  const t0 = performance.now();
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    method: target.method ?? "GET",
    headers: target.headers ?? {},
    body: target.body,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 30,
  });
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
export async function warmUp(target, { seconds, connections }) {
  await autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    method: target.method ?? "GET",
    headers: target.headers ?? {},
    body: target.body,
    connections,
    duration: seconds,
  });
}
