import { describe, expect, it } from "vitest";
import { postTenant, uniqueUsername } from "../helpers/platform";

describe("POST /tenants: refused input is a 400 naming the field", () => {
  it.each(["api", "www", "app", "dashboard", "admin", "static", "mail"])("reserved username %s", async (username) => {
    const res = await postTenant({ username, name: "Reserved" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: "invalid_request_error", param: "username" });
  });

  it.each(["ab", "-abc", "abc-", "a_b", "a.b", "acme corp", "ümlaut", "x".repeat(64), ""])("invalid username %j", async (username) => {
    const res = await postTenant({ username, name: "Invalid" });
    expect(res.status).toBe(400);
    expect(res.body.param).toBe("username");
  });

  it("a taken username", async () => {
    const username = uniqueUsername();
    expect((await postTenant({ username, name: "First" })).status).toBe(201);
    const again = await postTenant({ username, name: "Second" });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ type: "invalid_request_error", param: "username", message: "username is taken" });
  });

  it("an unknown field (strict body)", async () => {
    const res = await postTenant({ username: uniqueUsername(), name: "Strict", currency: "eur" });
    expect(res.status).toBe(400);
    expect(res.body.param).toBe("currency");
  });

  it.each([
    [{ username: "acme-missing-name" }, "name"],
    [{ name: "No username" }, "username"],
    [{ username: 42, name: "Number" }, "username"],
    [{ username: "acme-blank-name", name: "   " }, "name"],
  ])("a missing or mistyped field %j", async (body, param) => {
    const res = await postTenant(body);
    expect(res.status).toBe(400);
    expect(res.body.param).toBe(param);
  });

  it("a body that is not JSON", async () => {
    expect((await postTenant("{not json")).status).toBe(400);
    expect((await postTenant("[1,2]")).status).toBe(400);
  });

  it("a non-JSON content type is refused before anything is created", async () => {
    const res = await postTenant(JSON.stringify({ username: uniqueUsername(), name: "Form" }), undefined, {
      headers: { "Content-Type": "text/plain" },
    });
    expect(res.status).toBe(415);
  });
});
