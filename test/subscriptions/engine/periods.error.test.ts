import { describe, expect, it } from "vitest";
import { isTimeZone, periodAt, periodStart, type Schedule, scheduleError } from "../../../src/services/subscriptions/engine";

const base: Schedule = { anchor: 1_800_000_000, interval: "month", intervalCount: 1, snapToNthDay: null, timeZone: "UTC" };

describe("schedules the engine refuses", () => {
  it.each([
    [{ intervalCount: 0 }, "interval_count"],
    [{ intervalCount: 1.5 }, "interval_count"],
    [{ interval: "fortnight" as Schedule["interval"] }, "interval"],
    [{ snapToNthDay: 0 }, "snap_to_nth_day"],
    [{ snapToNthDay: 32 }, "snap_to_nth_day"],
    [{ snapToNthDay: 5, intervalCount: 2 }, "snap_to_nth_day"],
    [{ snapToNthDay: 5, interval: "year" as const }, "snap_to_nth_day"],
    [{ timeZone: "Mars/Olympus_Mons" }, "time_zone"],
    [{ anchor: 1.5 }, "start_date"],
  ])("%o is refused with param %s", (change, param) => {
    const s = { ...base, ...change };
    expect(scheduleError(s)?.param).toBe(param);
    expect(() => periodStart(s, 1)).toThrow(RangeError);
  });

  it("a valid schedule has no error", () => {
    expect(scheduleError(base)).toBeNull();
    expect(scheduleError({ ...base, snapToNthDay: 31 })).toBeNull();
  });

  it("an instant before the anchor is not in any period (not started)", () => {
    expect(() => periodAt(base, base.anchor - 1)).toThrow(RangeError);
    expect(periodAt(base, base.anchor).index).toBe(0);
  });

  it("time zone names are checked", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("")).toBe(false);
    expect(isTimeZone("Europe/Atlantis")).toBe(false);
  });
});
