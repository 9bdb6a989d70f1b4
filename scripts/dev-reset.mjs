// `npm run dev:reset`: forgets the local development data (D1 and KV under
// .wrangler/state), so the next `npm run dev` applies the migrations to an empty
// database and seeds the demo tenant afresh. Refuses while `npm run dev` is running.

import { rmSync } from "node:fs";
import { portInUse } from "./lib/local-worker.mjs";

const port = Number.parseInt(process.env.PORT ?? "8787", 10);
if (await portInUse(port)) {
  console.error(`port ${port} is busy: stop \`npm run dev\` first (Ctrl-C), then run this again`);
  process.exit(1);
}
rmSync(".wrangler/state", { recursive: true, force: true });
console.log("local data removed (.wrangler/state); `npm run dev` recreates the demo tenant");
