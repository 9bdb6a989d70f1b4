import { describe, expect, it } from "vitest";
import { plural, pluralWord } from "../../src/presentation/plural";
import { describePlan } from "../../src/services/pay/plan";

describe("counted nouns (issue 17.7)", () => {
  it("says 1 invoice, 0 and 2 invoices, and groups thousands", () => {
    expect(plural(1, "invoice")).toBe("1 invoice");
    expect(plural(0, "invoice")).toBe("0 invoices");
    expect(plural(2, "invoice")).toBe("2 invoices");
    expect(plural(1200, "day")).toBe("1,200 days");
    expect(plural(1, "sub-customer")).toBe("1 sub-customer");
    expect(pluralWord(3, "is", "are")).toBe("are");
  });

  it("the pay page's description names one invoice in the singular", () => {
    expect(describePlan([{ type: "invoice", number: "INV-1" } as never])).toBe("Invoice INV-1");
    expect(describePlan([{ type: "invoice", number: "INV-1" } as never, { type: "invoice", number: "INV-2" } as never])).toBe("Invoices INV-1, INV-2");
  });

  it("gives the same words past the bound of remembered counts (issue 18)", () => {
    const intl = new Intl.NumberFormat("en-US");
    for (let round = 0; round < 2; round++) {
      for (let n = 0; n < 5000; n += 3) expect(plural(n, "day")).toBe(`${intl.format(n)} ${n === 1 ? "day" : "days"}`);
    }
    expect(plural(1, "day")).toBe("1 day");
  });
});
