import { describe, expect, it } from "vitest";
import { DEFAULT_ACCENT } from "../../src/services/theme";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";

describe("tenant theme: what a merchant's colour can do", () => {
  it("a colour carrying CSS cannot inject rules into /theme.css", async () => {
    const t = await makeTenant({ highlightColor: "#fff;}body{display:none}" });
    const res = await new PortalClient(t.origin).get("/theme.css");
    expect(res.html).toBe(`:root{--accent:${DEFAULT_ACCENT};}\n`);
  });

  it("each host gets its own tenant's accent, whatever the query says", async () => {
    const a = await makeTenant({ highlightColor: "#006400" });
    const b = await makeTenant({ highlightColor: "#8b0000" });
    const resA = await new PortalClient(a.origin).get(`/theme.css?tenant=${b.tenant.username}`);
    const resB = await new PortalClient(b.origin).get("/theme.css");
    expect(resA.html).toContain("#006400");
    expect(resB.html).toContain("#8b0000");
  });

  it("S28: the theme sends nosniff and the CSP like every response", async () => {
    const t = await makeTenant();
    const res = await new PortalClient(t.origin).get("/theme.css");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Strict-Transport-Security")).toBe("max-age=31536000; includeSubDomains");
  });
});
