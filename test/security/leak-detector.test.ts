import { expect, it } from "vitest";
import { findInternals } from "./support/leaks";

// The detector behind S29/S30's checks finds D1's error codes, and not the same letters
// inside a random base64url token (a CSRF token or public id on the page).
it("finds a D1 error code, and not D1_ inside a random token", () => {
  expect(findInternals("<p>D1_ERROR: no such table: main.sessions</p>")).toBe("D1_ERROR");
  expect(findInternals("failed (D1_TYPE_ERROR)")).toBe("D1_TYPE_ERROR");
  expect(findInternals('<input type="hidden" name="_csrf" value="q8Zr-D1_Wk3x0Ya9D1_WT_7fPq2mLs0vBn"/>')).toBeNull();
  expect(findInternals('<a href="/invoices/aD1_WXYZb">')).toBeNull();
});
