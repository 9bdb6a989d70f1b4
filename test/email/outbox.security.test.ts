import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { createMailer } from "../../src/services/email";
import { listOutbox } from "../../src/services/email/outbox";
import { testDb } from "../helpers/tenants";

const API = "http://api.localhost:8787";

function fetchIn(environment: string, path: string, init: RequestInit = {}) {
  return app.fetch(new Request(`${API}${path}`, init), { ...env, ENVIRONMENT: environment }, createExecutionContext());
}

afterEach(() => vi.restoreAllMocks());

describe("development outbox", () => {
  it("in development and test, mail lands in the outbox and nothing leaves the machine", async () => {
    const spy = vi.spyOn(globalThis, "fetch");
    for (const environment of ["development", "test"]) {
      const to = `${environment}-reader@example.com`;
      await createMailer({ ENVIRONMENT: environment, EMAIL_FROM: "f@x.example" }, testDb()).send({
        tenantId: null,
        to: { email: to },
        subject: `Hello ${environment}`,
        text: "Hi",
      });
      const res = await fetchIn(environment, `/_dev/outbox?to=${encodeURIComponent(to)}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual([expect.objectContaining({ to, subject: `Hello ${environment}`, text: "Hi" })]);
    }
    expect(spy).not.toHaveBeenCalled();
    expect((await listOutbox(testDb())).length).toBeGreaterThanOrEqual(2);
  });

  it.each(["production", "staging", ""])("is absent (404) when ENVIRONMENT is %j", async (environment) => {
    for (const path of ["/_dev/outbox", "/_dev/outbox?to=a@example.com", "/_dev/outbox.html"]) {
      const res = await fetchIn(environment, path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ type: "invalid_request_error", message: "Unknown endpoint" });
    }
  });

  it("is served on the api host only, not on a tenant's portal", async () => {
    const res = await exports.default.fetch("http://acme-outbox.localhost:8787/_dev/outbox");
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toContain("text/html");
  });
});

describe("POST /_dev/seed exists only in development", () => {
  const seed = (environment: string) =>
    fetchIn(environment, "/_dev/seed", { method: "POST", headers: { Authorization: `Bearer ${env.PLATFORM_ADMIN_TOKEN}` } });

  it.each(["production", "test", "staging"])("%s: 404 even with the platform token", async (environment) => {
    const res = await seed(environment);
    expect(res.status).toBe(404);
  });

  it("development: refused without the platform token", async () => {
    const res = await fetchIn("development", "/_dev/seed", { method: "POST" });
    expect(res.status).toBe(401);
    const wrong = await fetchIn("development", "/_dev/seed", { method: "POST", headers: { Authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
  });
});
