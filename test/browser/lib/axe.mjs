// axe-core from node_modules, run inside the page.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/**
 * Runs axe on the page's current document and returns its violations.
 * The source is evaluated through the DevTools protocol, which the page's CSP
 * (`script-src 'self'`) does not govern, so the page is audited as served.
 *
 * `scriptsOff`: the page was loaded with JavaScript disabled, so its document is
 * the no-script one (page scripts skipped, <noscript> parsed as markup). Chromium
 * then still runs evaluated code and promise reactions, but never fires timers,
 * XHR events or queueMicrotask callbacks. axe waits on setTimeout, so for the
 * audit only timers become promise reactions, and axe's CSS preload (XHR) is off.
 */
export async function axeViolations(page, { exclude = [], disableRules = [], scriptsOff = false } = {}) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== "undefined");
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ tags, exclude, disableRules, scriptsOff }) => {
      const saved = [window.setTimeout, window.clearTimeout];
      if (scriptsOff) {
        window.setTimeout = (fn, _ms, ...args) => {
          Promise.resolve().then(() => fn(...args));
          return 0;
        };
        window.clearTimeout = () => {};
      }
      try {
        const rules = Object.fromEntries(disableRules.map((id) => [id, { enabled: false }]));
        const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : document;
        const r = await window.axe.run(context, { runOnly: { type: "tag", values: tags }, rules, resultTypes: ["violations"], preload: !scriptsOff });
        return r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary, html: n.html.slice(0, 200) })),
        }));
      } finally {
        [window.setTimeout, window.clearTimeout] = saved;
      }
    },
    { tags: WCAG_TAGS, exclude, disableRules, scriptsOff },
  );
}

/** Human-readable list of violations, for a failing test's message. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `      at ${n.target}\n        ${n.html}\n        ${(n.summary ?? "").replace(/\n/g, "\n        ")}`);
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes.join("\n")}`;
    })
    .join("\n");
}
