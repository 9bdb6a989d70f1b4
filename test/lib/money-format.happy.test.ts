import { describe, expect, it } from "vitest";
import { formatMoney } from "../../src/lib/money";

// formatMoney keeps one Intl.NumberFormat per locale and currency (issue 7): whatever
// order currencies come in, each amount gets its own currency's formatter.
describe("formatMoney with cached formatters", () => {
  it("formats interleaved currencies and locales each with its own formatter", () => {
    const cases: [number, string, string | undefined, string][] = [
      [123450, "usd", undefined, "$1,234.50"],
      [1235, "jpy", undefined, "¥1,235"],
      [1200, "eur", undefined, "€12.00"],
      [-5, "usd", undefined, "-$0.05"],
      [1200, "eur", "de-DE", "12,00\u00a0€"],
      [123450, "USD", undefined, "$1,234.50"],
      [1235, "JPY", undefined, "¥1,235"],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [minor, currency, locale, shown] of cases) expect(formatMoney(minor, currency, locale)).toBe(shown);
    }
  });

  it("keeps each amount's text right past the bound of remembered texts (issue 18)", () => {
    const intl = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
    for (let round = 0; round < 2; round++) {
      for (let minor = -3000; minor < 3000; minor += 7) expect(formatMoney(minor, "usd")).toBe(intl.format(minor / 100));
    }
    // the same number in another currency is not the remembered dollar text
    expect(formatMoney(2093, "usd")).toBe("$20.93");
    expect(formatMoney(2093, "jpy")).toBe("¥2,093");
    expect(formatMoney(2093, "usd", "de-DE")).toBe("20,93\u00a0$");
  });
});
