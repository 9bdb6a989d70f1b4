// Checks run on every audited portal page: axe, no sideways scrolling on a phone,
// a visible keyboard focus indicator, errors tied to their fields. Each returns a
// list of problems (strings) instead of throwing, so one run reports every page.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every `*.get("<path>"` in the portal's route files: the pages a customer can open. */
export function portalGetRoutes(dir = "src/routes/portal") {
  const out = new Set();
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) {
      for (const r of portalGetRoutes(file)) out.add(r);
      continue;
    }
    if (!file.endsWith(".ts")) continue;
    // Route paths start with "/": context reads such as c.get("my") are not routes.
    for (const m of readFileSync(file, "utf8").matchAll(/\.get\(\s*"(\/[^"]*)"/g)) out.add(m[1]);
  }
  return out;
}

/** axe with the harness's rules; a violation becomes a problem. */
export async function axeProblems(t, page, label) {
  try {
    await t.checkA11y(page, { name: label });
    return [];
  } catch (err) {
    return [err.message];
  }
}

/** At a phone's width nothing may make the whole page scroll sideways (a wide table scrolls inside its own box). */
export async function sidewaysScroll(page) {
  const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
    const w = window.innerWidth;
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > w + 1 && !el.closest(".table-scroll"))
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.trim().replace(/\s+/g, ".")}` : ""}`,
      );
    return { scrollWidth: document.scrollingElement.scrollWidth, innerWidth: w, culprits: wide };
  });
  return scrollWidth <= innerWidth + 1 ? [] : [`scrolls sideways: scrollWidth ${scrollWidth} > ${innerWidth} (wide: ${culprits.join(", ")})`];
}

/**
 * Tabs through the page from the top and checks that every link, button and field
 * that takes the focus shows it (a non-none outline, or a box-shadow). Stops when
 * the focus comes round again, or after `maxStops`.
 */
export async function invisibleFocus(page, { maxStops = 60 } = {}) {
  await page.evaluate(() => {
    document.activeElement?.blur?.();
    window.scrollTo(0, 0);
    window.__focusSeen = new WeakSet();
  });
  const bad = [];
  let stops = 0;
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press("Tab");
    const r = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { done: true };
      if (window.__focusSeen.has(el)) return { done: true };
      window.__focusSeen.add(el);
      const cs = getComputedStyle(el);
      const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0 && cs.outlineColor !== "rgba(0, 0, 0, 0)";
      const shadow = cs.boxShadow !== "none" && cs.boxShadow !== "";
      const name = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("name") || "").trim().replace(/\s+/g, " ").slice(0, 40);
      return { done: false, visible: outline || shadow, what: `${el.tagName.toLowerCase()} "${name}" (outline ${cs.outlineStyle} ${cs.outlineWidth})` };
    });
    if (r.done) break;
    stops++;
    if (!r.visible) bad.push(`no visible focus on ${r.what}`);
  }
  if (stops === 0) bad.push("Tab never reached a link or button");
  return bad;
}

/** Every field marked invalid names an existing error text through aria-describedby. */
export async function unlinkedErrors(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[aria-invalid="true"]')]
      .filter((el) => {
        const ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
        return !ids.length || !ids.every((id) => document.getElementById(id));
      })
      .map((el) => `invalid field ${el.getAttribute("name") || el.id} has no error text tied to it`),
  );
}
