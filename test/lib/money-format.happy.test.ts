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
});
