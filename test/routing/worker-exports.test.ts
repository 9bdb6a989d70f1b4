import { describe, expect, it } from "vitest";
import * as main from "../../src/index";

describe("the worker's main module", () => {
  // workerd takes every named export of the main module for an entrypoint and refuses
  // to start (`wrangler dev`, deploy) on anything that is not a handler
  it("exports only the default handler", () => {
    expect(Object.keys(main)).toEqual(["default"]);
  });
});
