// What the worker costs before its first request (issue 18): `wrangler check startup`
// (V8's CPU profile of loading the bundle as deployed, minified) and the bundle's bytes,
// split into what an HTML page loads and what only `import()` reaches (pdf-lib, Stripe).
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { OUT } from "./serve.mjs";

const WRANGLER = resolve("node_modules/.bin/wrangler");

/** Busy (non-idle) time of a .cpuprofile, in ms: what wrangler prints as "Active". */
function activeMs(profile) {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  let us = 0;
  profile.samples.forEach((id, i) => {
    if (!idle.has(id)) us += profile.timeDeltas[i + 1] ?? 0;
  });
  return us / 1000;
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * `wrangler check startup`, `runs` times (it samples every ~1 ms and a shared machine
 * adds noise: the median is quoted, the minimum beside it).
 */
export function startupProfile({ runs = 5 } = {}) {
  const out = join(OUT, "startup.cpuprofile");
  const samples = [];
  for (let i = 0; i < runs; i++) {
    rmSync(out, { force: true });
    execFileSync(WRANGLER, ["check", "startup", "--env=", "--outfile", out], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    samples.push(Number(activeMs(JSON.parse(readFileSync(out, "utf8"))).toFixed(1)));
  }
  return { runs: samples, median_ms: median(samples), min_ms: Math.min(...samples) };
}

/**
 * The bundle's bytes by how they are reached, from esbuild's metafile of the deployed
 * build: `html_path_bytes` is every input the entry reaches through static imports
 * (evaluated at startup, whatever the request), `lazy_bytes` the inputs only `import()`
 * reaches (evaluated on first use). Both are bytes in the minified output.
 */
export function bundleBytes(bundleFile, metafile) {
  const bundle = readFileSync(bundleFile);
  const meta = JSON.parse(readFileSync(metafile, "utf8"));
  const output = Object.values(meta.outputs).find((o) => o.entryPoint);
  const inOutput = output.inputs;
  const seen = new Set([output.entryPoint]);
  const queue = [output.entryPoint];
  while (queue.length) {
    const at = queue.shift();
    for (const imp of meta.inputs[at]?.imports ?? []) {
      if (imp.kind === "dynamic-import" || imp.external || seen.has(imp.path)) continue;
      seen.add(imp.path);
      queue.push(imp.path);
    }
  }
  let html = 0;
  let lazy = 0;
  const lazyPackages = {};
  for (const [path, { bytesInOutput }] of Object.entries(inOutput)) {
    if (seen.has(path)) html += bytesInOutput;
    else {
      lazy += bytesInOutput;
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? "src";
      lazyPackages[pkg] = (lazyPackages[pkg] ?? 0) + bytesInOutput;
    }
  }
  return {
    bundle_bytes: bundle.length,
    bundle_gzip_bytes: gzipSync(bundle).length,
    html_path_bytes: html,
    lazy_bytes: lazy,
    lazy_packages: Object.fromEntries(Object.entries(lazyPackages).sort((a, b) => b[1] - a[1])),
  };
}
