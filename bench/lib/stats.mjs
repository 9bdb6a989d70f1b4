// Medians over repetitions and ratios taken within each interleaved round.

function median(values) {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const round = (x, digits) => (x === null || x === undefined ? null : Number(x.toFixed(digits)));

/**
 * One page's summary from its rounds. `rounds[i]` is this page's measurement in
 * round i; `reference[i]` and `bare[i]` are the references' in the same round, so a
 * ratio compares runs made minutes apart at most (noise on a shared machine moves
 * both), and the median of the per-round ratios is quoted.
 */
export function summarise(rounds, reference, bare) {
  const ratio = (base) => median(rounds.map((r, i) => (base?.[i]?.rps ? r.rps / base[i].rps : null)));
  return {
    rps: round(median(rounds.map((r) => r.rps)), 0),
    p50_ms: round(median(rounds.map((r) => r.p50_ms)), 2),
    p99_ms: round(median(rounds.map((r) => r.p99_ms)), 2),
    cpu_ms_per_req: round(median(rounds.map((r) => r.cpu_ms_per_req)), 3),
    // issue 18: the worker's own process apart from the D1/KV process (bench/lib/serve.mjs startSplit)
    worker_cpu_ms_per_req: round(median(rounds.map((r) => r.worker_cpu_ms_per_req)), 3),
    storage_cpu_ms_per_req: round(median(rounds.map((r) => r.storage_cpu_ms_per_req)), 3),
    d1_round_trips_per_req: round(median(rounds.map((r) => r.d1_round_trips_per_req)), 2),
    d1_statements_per_req: round(median(rounds.map((r) => r.d1_statements_per_req)), 2),
    kv_calls_per_req: round(median(rounds.map((r) => r.kv_calls_per_req)), 2),
    d1_bytes_sent_per_req: round(median(rounds.map((r) => r.d1_bytes_sent_per_req)), 0),
    d1_bytes_received_per_req: round(median(rounds.map((r) => r.d1_bytes_received_per_req)), 0),
    ratio_to_reference: round(ratio(reference), 3),
    ratio_to_bare: round(ratio(bare), 4),
    requests: rounds.reduce((a, r) => a + r.requests, 0),
    non2xx: rounds.reduce((a, r) => a + r.non2xx, 0),
    errors: rounds.reduce((a, r) => a + r.errors, 0),
    rounds: rounds.map((r) => ({
      rps: round(r.rps, 0),
      p50_ms: r.p50_ms,
      p99_ms: r.p99_ms,
      cpu_ms_per_req: round(r.cpu_ms_per_req, 3),
      worker_cpu_ms_per_req: round(r.worker_cpu_ms_per_req, 3),
    })),
  };
}
