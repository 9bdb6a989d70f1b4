import { describe, expect, it } from "vitest";
import { dueAt, duePeriods, periodByIndex, renewsNext, type Schedule } from "../../../src/services/subscriptions/engine";

const local = (t: number, timeZone: string) => new Date(t * 1000).toLocaleString("sv-SE", { timeZone });
const berlin: Schedule = { anchor: Date.UTC(2027, 0, 31, 8) / 1000, interval: "month", intervalCount: 1, snapToNthDay: null, timeZone: "Europe/Berlin" }; // 09:00 CET
const advance = { billIn: "advance" as const, advanceDays: 0 };

describe("when periods are due", () => {
  it("in advance at the start, in arrears at the end", () => {
    const p1 = periodByIndex(berlin, 1);
    expect(dueAt(berlin, p1, advance)).toBe(p1.start);
    expect(dueAt(berlin, p1, { billIn: "arrears", advanceDays: 5 })).toBe(p1.end);
  });

  it("advance days are local calendar days: 09:00 three days before, across the DST change", () => {
    const p2 = periodByIndex(berlin, 2); // 2027-03-31 09:00 CEST
    expect(local(p2.start, "Europe/Berlin")).toBe("2027-03-31 09:00:00");
    expect(local(dueAt(berlin, p2, { billIn: "advance", advanceDays: 5 }), "Europe/Berlin")).toBe("2027-03-26 09:00:00"); // CET, 5 x 24 h + 1 h earlier
    expect(local(renewsNext(berlin, 2, { billIn: "advance", advanceDays: 5 }), "Europe/Berlin")).toBe("2027-03-26 09:00:00");
  });

  it("a late run bills the missed periods of the anchor, in order, capped", () => {
    const now = periodByIndex(berlin, 4).start + 3600; // four months of downtime
    expect(duePeriods(berlin, 1, now, advance, 10).map((p) => local(p.start, "Europe/Berlin").slice(0, 10))).toEqual([
      "2027-02-28",
      "2027-03-31",
      "2027-04-30",
      "2027-05-31",
    ]);
    expect(duePeriods(berlin, 1, now, advance, 2).map((p) => p.index)).toEqual([1, 2]);
    expect(duePeriods(berlin, 1, now, { billIn: "arrears", advanceDays: 0 }, 10).map((p) => p.index)).toEqual([1, 2, 3]);
    expect(duePeriods(berlin, 5, now, advance, 10)).toEqual([]);
  });

  it("negative or fractional advance days are refused", () => {
    expect(() => dueAt(berlin, periodByIndex(berlin, 1), { billIn: "advance", advanceDays: -1 })).toThrow(RangeError);
    expect(() => dueAt(berlin, periodByIndex(berlin, 1), { billIn: "advance", advanceDays: 0.5 })).toThrow(RangeError);
  });
});
