import { describe, expect, it } from "vitest";
import { formatDate, isoDate } from "../../src/presentation/format";

// Issue 18: the date texts are kept per UTC day; they must be exactly what Intl and
// toISOString give for any moment of that day.
const intl = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

describe("date texts kept per day", () => {
  it("match Intl and toISOString at every hour of many days, before and after 1970, asked twice", () => {
    for (const base of [-86400 * 400, -1, 0, 1_700_000_000, 1_798_675_200]) {
      for (let h = 0; h < 48; h += 5) {
        const t = base + h * 3599;
        for (let twice = 0; twice < 2; twice++) {
          expect(formatDate(t)).toBe(intl.format(new Date(t * 1000)));
          expect(isoDate(t)).toBe(new Date(t * 1000).toISOString().slice(0, 10));
        }
      }
    }
    expect(formatDate(1_764_028_800)).toBe("Nov 25, 2025");
    expect(isoDate(1_764_028_800 + 86399)).toBe("2025-11-25");
  });

  it("stay right after the cache has been filled and cleared", () => {
    for (let d = 0; d < 5000; d++) formatDate(d * 86400);
    expect(formatDate(4999 * 86400 + 100)).toBe(intl.format(new Date((4999 * 86400 + 100) * 1000)));
    expect(formatDate(3 * 86400)).toBe("Jan 4, 1970");
  });
});
