// One load measurement: autocannon at fixed concurrency for a fixed time, with the
// workerd process's CPU time read from /proc before and after.
import autocannon from "autocannon";
import { cpuMs, storageCall } from "./serve.mjs";

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
 * CPU per request. `pids.worker` is the workerd process of the workers, `pids.storage`
 * the one of D1 and KV (bench/lib/serve.mjs startSplit): only the target gets requests
 * while it runs, so each process's CPU time over the run divided by the requests
 * served is the target's cost per request there. `storagePort`: the target's storage
 * process, whose D1 counts over the run give statements and round trips per request
 * (background work included, as production runs it).
 */
export async function measure(req, { seconds, connections, pids, storagePort }) {
  const countsBefore = storagePort ? await storageCall(storagePort, { op: "counts" }) : null;
  const workerBefore = cpuMs(pids.worker);
  const storageBefore = cpuMs(pids.storage);
  const t0 = performance.now();
  const result = await autocannon(options(req, { seconds, connections }));
  const elapsed = (performance.now() - t0) / 1000;
  const workerCpu = cpuMs(pids.worker) - workerBefore;
  const storageCpu = cpuMs(pids.storage) - storageBefore;
  const countsAfter = storagePort ? await storageCall(storagePort, { op: "counts" }) : null;
  const served = result.requests.total;
  const per = (field) => (countsBefore && served ? (countsAfter[field] - countsBefore[field]) / served : null);
  return {
    rps: served / Math.max(elapsed, seconds),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    cpu_ms_per_req: served ? (workerCpu + storageCpu) / served : null,
    worker_cpu_ms_per_req: served ? workerCpu / served : null,
    storage_cpu_ms_per_req: served ? storageCpu / served : null,
    d1_round_trips_per_req: per("round_trips"),
    d1_statements_per_req: per("statements"),
    kv_calls_per_req: per("kv_calls"),
    d1_bytes_sent_per_req: per("bytes_in"),
    d1_bytes_received_per_req: per("bytes_out"),
    requests: served,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** A short run to bring the isolate, JIT and SQLite page cache to a steady state. */
export async function warmUp(req, { seconds, connections }) {
  await autocannon(options(req, { seconds, connections }));
}
