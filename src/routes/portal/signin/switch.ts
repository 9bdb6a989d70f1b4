import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { PortalEnv } from "../../../context";
import { clearCookie, SESSION_COOKIE } from "../../../lib/cookies";
import { requestActor } from "../../../lib/request-meta";
import { safeNextPath } from "../../../services/signin/redirects";
import { signOut, signOutEverywhere, switchChoices, switchCustomer } from "../../../services/signin/switch";
import { SwitchCustomerPage } from "../../../views/pages/signin/switch";
import { requireCustomer } from "../../middleware/session";
import { parseForm } from "../forms/parse-form";
import { switchForm } from "../forms/signin";
import { renderPage } from "../render-page";
import { sessionCookie, signedInRedirect } from "./shared";

/** The customer picker (`/switch`) and sign-out. */
export const switchRoutes = new Hono<PortalEnv>();

switchRoutes.get("/switch", requireCustomer(), async (c) => {
  const choices = await switchChoices(c.var.scope, c.var.session, c.var.customer);
  return renderPage(c, SwitchCustomerPage, { choices, next: safeNextPath(c.req.query("next")) });
});

switchRoutes.post("/switch", requireCustomer(), async (c) => {
  const parsed = parseForm(switchForm(), await c.req.parseBody());
  const next = safeNextPath(parsed.form.next);
  const target = parsed.ok ? parsed.value.customer : 0;
  const current = { cookie: sessionCookie(c)!, session: c.var.session, customer: c.var.customer };
  if (target === current.customer.id) return c.redirect(next, 303);
  const switched = await switchCustomer(c.var.scope, c.var.tenant, current, target, requestActor(c, "customer"), c.var.now);
  // S31: a customer the address does not reach looks like one that does not exist.
  if (!switched) throw new HTTPException(404);
  return signedInRedirect(c, switched.cookie, switched.expiresAt, next);
});

/** S22: immediate, in D1; the cookie is cleared too. Signed out or not, the answer is the sign-in page. */
switchRoutes.post("/logout", async (c) => {
  const cookie = sessionCookie(c);
  if (cookie) await signOut(c.var.scope, cookie, c.var.customer?.id ?? null, requestActor(c, "customer"), c.var.now);
  c.header("Set-Cookie", clearCookie(SESSION_COOKIE), { append: true });
  // issue 17: the sign-in page says the customer is signed out
  return c.redirect("/login?signed_out=1", 303);
});

/** S22: every session of the customer ends (every device, this one too); from My Account. */
switchRoutes.post("/logout/everywhere", requireCustomer(), async (c) => {
  await signOutEverywhere(c.var.scope, c.var.customer!.id, requestActor(c, "customer"), c.var.now);
  c.header("Set-Cookie", clearCookie(SESSION_COOKIE), { append: true });
  // issue 17: the sign-in page says the customer is signed out
  return c.redirect("/login?signed_out=1", 303);
});
