// `npm run dev`: the demo portal on http://demo.localhost:8787 in one command.
// Creates .dev.vars if missing, applies migrations to the local D1
// (.wrangler/state), starts `wrangler dev`, seeds the demo (idempotent) and
// prints where everything is. Ctrl-C stops everything. PORT=8788 picks another port.

import { request } from "./lib/http.mjs";
import { applyMigrations, ensureDevVars, portInUse, spawnWranglerDev, waitForHttp } from "./lib/local-worker.mjs";

const port = Number.parseInt(process.env.PORT ?? "8787", 10);
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

const vars = ensureDevVars();
if (vars.created) console.log("created .dev.vars from .dev.vars.example (development secrets)");

if (await portInUse(port)) {
  console.error(`port ${port} is busy: stop what uses it, or run PORT=8788 npm run dev`);
  process.exit(1);
}

console.log("applying migrations to the local D1...");
applyMigrations();

console.log(`starting wrangler dev on port ${port}...`);
const wrangler = spawnWranglerDev({
  port,
  vars: { PORTAL_DOMAIN: "localhost", PORTAL_PORT: port },
  onOutput: (chunk) => process.stdout.write(chunk),
});

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await wrangler.stop();
  process.exit(code);
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => shutdown(0));
wrangler.child.on("exit", (code) => {
  if (!stopping) {
    console.error(`wrangler dev exited (${code})`);
    process.exit(code ?? 1);
  }
});

const api = `http://api.localhost:${port}`;
let demo;
try {
  await waitForHttp(`${api}/_dev/outbox?limit=1`, { isDead: () => wrangler.exited() !== null });
} catch (err) {
  console.error(err.message);
  await shutdown(1);
}
console.log("seeding the demo tenant (first run: through the merchant API, takes a minute)...");
const seeded = await request(`${api}/_dev/seed`, {
  method: "POST",
  headers: { Authorization: `Bearer ${vars.PLATFORM_ADMIN_TOKEN}`, "Content-Type": "application/json" },
  body: "{}",
  timeout: 600_000,
}).catch((err) => ({ status: 0, json: null, text: err.message }));
demo = seeded.json;
if (seeded.status === 201) console.log("demo data created");
else if (seeded.status === 200) console.log("demo data already there");
else {
  // keep serving: the portal and API work without the demo data
  console.error(`WARNING: the demo data could not be seeded (HTTP ${seeded.status}): ${demo?.error ?? seeded.text.slice(0, 500)}`);
}
demo ??= {
  portal_url: `http://demo.localhost:${port}`,
  api_url: api,
  api_key: "(see src/services/demo/keys.ts)",
  sso_key: "(see src/services/demo/keys.ts)",
  customer_email: "billing@acme.example",
};

console.log(`
${bold("Billing portal, development")}
  Demo portal   ${demo.portal_url}   (sign in as ${demo.customer_email}; the link lands in the outbox)
  Merchant API  ${demo.api_url}   (HTTP Basic: the key as user name, empty password)
  Demo API key  ${demo.api_key}
                curl -u ${demo.api_key}: ${demo.api_url}/customers
  Demo SSO key  ${demo.sso_key}   (signs SSO tokens for trying docs/sso.md)
  Outbox        ${api}/_dev/outbox.html   (JSON: ${api}/_dev/outbox)

Ctrl-C stops everything; \`npm run dev:reset\` (while stopped) starts the demo data afresh.
`);
