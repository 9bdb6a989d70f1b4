import { type Context, Hono } from "hono";
import type { ApiEnv } from "../../context";
import { listSignUpPages } from "../../db/queries/sign-up-pages";
import { readJson } from "../../lib/api/body";
import { idempotent } from "../../lib/api/idempotency";
import { parseList, setListHeaders } from "../../lib/api/pagination";
import { portalOrigin } from "../../lib/origins";
import { requestActor } from "../../lib/request-meta";
import { intId } from "../../services/api/wire";
import { tenantMailer } from "../../services/email";
import { createSignUpPage, deleteSignUpPage, getSignUpPage, signUpPageListSpec, signUpPagesToWire, updateSignUpPage } from "../../services/signup/api";
import { sendSignUpRequest } from "../../services/signup/onboarding";

/** `/sign_up_pages` (Invoiced's `SignUpPage`) and `POST /customers/{id}/sign_up_request` (issue 16). */
export const signUpPagesRoutes = new Hono<ApiEnv>();

const ctxOf = (c: Context<ApiEnv>) => ({ scope: c.var.scope, origin: portalOrigin(c.env, c.var.tenant.username) });
const one = async (c: Context<ApiEnv>, page: Awaited<ReturnType<typeof getSignUpPage>>, status: 200 | 201 = 200) =>
  c.json((await signUpPagesToWire(ctxOf(c), [page]))[0], status);

signUpPagesRoutes.get("/sign_up_pages", async (c) => {
  const q = parseList(c, signUpPageListSpec);
  const { rows, total } = await listSignUpPages(c.var.scope, q);
  setListHeaders(c, q, total);
  return c.json(await signUpPagesToWire(ctxOf(c), rows));
});

signUpPagesRoutes.post("/sign_up_pages", idempotent, async (c) =>
  one(c, await createSignUpPage(ctxOf(c), await readJson(c), c.var.now, requestActor(c, "api")), 201),
);

signUpPagesRoutes.get("/sign_up_pages/:id", async (c) => one(c, await getSignUpPage(c.var.scope, intId(c.req.param("id")))));

signUpPagesRoutes.patch("/sign_up_pages/:id", async (c) =>
  one(c, await updateSignUpPage(ctxOf(c), intId(c.req.param("id")), await readJson(c), c.var.now, requestActor(c, "api"))),
);

signUpPagesRoutes.delete("/sign_up_pages/:id", async (c) => {
  await deleteSignUpPage(ctxOf(c), intId(c.req.param("id")), c.var.now, requestActor(c, "api"));
  return c.body(null, 204);
});

/** Emails the customer its onboarding link (its `sign_up_url`) with a Subscribe button. */
signUpPagesRoutes.post("/customers/:id/sign_up_request", idempotent, async (c) => {
  await readJson(c);
  const mailer = tenantMailer(c.env, c.var.scope);
  const sent = await sendSignUpRequest(
    { scope: c.var.scope, tenant: c.var.tenant, origin: portalOrigin(c.env, c.var.tenant.username), mailer, now: c.var.now, who: requestActor(c, "api") },
    intId(c.req.param("id")),
  );
  return c.json(sent);
});
