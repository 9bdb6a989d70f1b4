import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromWall, offsetAt, toWall } from "../../../src/services/subscriptions/engine";

const ZONES = ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "Asia/Kathmandu"];

describe("wall clock and instants with Intl only (workerd has no Temporal)", () => {
  it("known offsets", () => {
    const t = Date.UTC(2027, 6, 1, 12) / 1000;
    expect(offsetAt(t, "Pacific/Kiritimati")).toBe(14 * 3600);
    expect(offsetAt(t, "Pacific/Pago_Pago")).toBe(-11 * 3600);
    expect(offsetAt(t, "Europe/Berlin")).toBe(2 * 3600);
    expect(offsetAt(Date.UTC(2027, 0, 1) / 1000, "Europe/Berlin")).toBe(3600);
    expect(offsetAt(t, "Asia/Kathmandu")).toBe(5 * 3600 + 45 * 60);
  });

  it("every instant survives a round trip through its wall time (the earlier of a repeated hour)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_700_000_000, max: 2_200_000_000 }), fc.constantFrom(...ZONES), (t, zone) => {
        const back = fromWall(toWall(t, zone), zone);
        // in a repeated (fall-back) hour the earlier instant answers; it shows the same wall time
        expect(back).toBeLessThanOrEqual(t);
        expect(t - back).toBeLessThanOrEqual(3600);
        expect(toWall(back, zone)).toEqual(toWall(t, zone));
      }),
      { seed: 20261207, numRuns: 500 },
    );
  });

  it("a wall time skipped by spring-forward reads with the offset before the gap", () => {
    const t = fromWall({ year: 2027, month: 3, day: 28, hour: 2, minute: 30, second: 0 }, "Europe/Berlin");
    expect(new Date(t * 1000).toISOString()).toBe("2027-03-28T01:30:00.000Z"); // 03:30 CEST
  });

  it("Lord Howe's half-hour DST gap", () => {
    // clocks go from 02:00 to 02:30 on the first Sunday of October
    const t = fromWall({ year: 2027, month: 10, day: 3, hour: 2, minute: 15, second: 0 }, "Australia/Lord_Howe");
    expect(toWall(t, "Australia/Lord_Howe")).toMatchObject({ hour: 2, minute: 45 });
  });
});
