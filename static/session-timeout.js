// Issue 17 (WCAG 2.2.1): warn before a signed-in session ends for inactivity, and keep
// what was typed. The layout names the idle limit in <meta name="session-idle">. Two
// minutes before it (or a fifth of it, if shorter) an alert offers "Stay signed in",
// which loads this page's URL in the background (any signed-in request renews the
// idle clock). When the limit passes, the page's form fields are kept in this tab's
// sessionStorage (never card or bank numbers, CVCs or tokens) and filled back in when
// this page is opened again after signing in. Without JavaScript nothing of this runs;
// the footer says the limit instead (docs/decisions.md).
(() => {
  const meta = document.querySelector('meta[name="session-idle"]');
  const KEY = `draft:${location.pathname}`;
  const SKIP = /^(_csrf|card_number|card_cvc|bank_account|code|client_key|revision)$/;

  let warnTimer = 0;
  let endTimer = 0;
  let box = null;
  restore();
  if (!meta) return;
  const idle = Number(meta.content) * 1000;
  if (!(idle > 0)) return;
  const lead = Math.min(120_000, idle / 5);

  function fields() {
    return [...document.querySelectorAll("main form[method=post] [name]")].filter(
      (el) => !SKIP.test(el.name) && el.type !== "hidden" && el.type !== "password" && el.type !== "submit" && el.type !== "button",
    );
  }

  function save() {
    const draft = {};
    for (const el of fields()) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) draft[`${el.name}=${el.value}`] = true;
      } else if (el.value !== el.defaultValue) draft[el.name] = el.value;
    }
    if (Object.keys(draft).length) sessionStorage.setItem(KEY, JSON.stringify(draft));
  }

  function restore() {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return;
    sessionStorage.removeItem(KEY);
    let draft;
    try {
      draft = JSON.parse(raw);
    } catch {
      return;
    }
    let n = 0;
    for (const el of document.querySelectorAll("main form[method=post] [name]")) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (draft[`${el.name}=${el.value}`]) {
          el.checked = true;
          n++;
        }
      } else if (typeof draft[el.name] === "string" && !SKIP.test(el.name)) {
        el.value = draft[el.name];
        n++;
      }
    }
    if (n) show("status", "What you typed before your session ended is filled back in. Check it and submit again.");
  }

  function show(role, text, button) {
    box?.remove();
    box = document.createElement("div");
    box.className = "timeout-notice";
    box.setAttribute("role", role);
    const p = document.createElement("p");
    p.textContent = text;
    box.append(p);
    if (button) box.append(button);
    document.querySelector("main")?.prepend(box);
    return box;
  }

  function warn() {
    save();
    const stay = document.createElement("button");
    stay.type = "button";
    stay.textContent = "Stay signed in";
    stay.addEventListener("click", async () => {
      const res = await fetch(location.href, { credentials: "same-origin", headers: { "HX-Request": "true" } }).catch(() => null);
      box?.remove();
      box = null;
      if (res?.ok && !new URL(res.url).pathname.startsWith("/login")) schedule();
      else ended();
    });
    show("alert", `You will be signed out in ${Math.round(lead / 60_000) || 1} minute(s) because nothing happened for a while. What you typed is kept.`, stay);
    stay.focus();
  }

  function ended() {
    save();
    show("alert", "You were signed out because nothing happened for a while. Sign in again: what you typed on this page is kept in this browser and filled back in when you come back here.");
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(warn, idle - lead);
    endTimer = setTimeout(ended, idle);
  }

  schedule();
  // htmx requests renew the session on the server: renew the timers too
  document.addEventListener("htmx:afterRequest", () => {
    if (!box || box.getAttribute("role") !== "alert") schedule();
  });
})();
