// Copies htmx from node_modules into static/vendor so it is served by us, never a CDN.
// Runs after every install, so the served file always matches package-lock.json.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const htmxDir = dirname(require.resolve("htmx.org/package.json"));
mkdirSync("static/vendor", { recursive: true });
copyFileSync(join(htmxDir, "dist", "htmx.min.js"), "static/vendor/htmx.min.js");
