import { describe, expect, it } from "vitest";
import { periodAt, periodByIndex, periodStart, periodsBetween, type Schedule } from "../../../src/services/subscriptions/engine";

// Expected local dates are written out by hand; the wall clock of each boundary is
// read back with toLocaleString (not the engine's own converter).
const local = (t: number, timeZone: string) => new Date(t * 1000).toLocaleString("sv-SE", { timeZone });

/** The instant a wall time shows in a zone, found by search (independent of the engine). */
function instant(wall: string, timeZone: string): number {
  const guess = Date.parse(wall.replace(" ", "T") + "Z") / 1000;
  for (let off = -15 * 3600; off <= 15 * 3600; off += 900) {
    if (local(guess - off, timeZone) === wall) return guess - off;
  }
  throw new Error(`no instant shows ${wall} in ${timeZone}`);
}

const ZONES = ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/New_York", "Europe/Berlin"];

const TABLE: { name: string; first: string; interval: Schedule["interval"]; count: number; dates: string[] }[] = [
  {
    name: "Jan 31 monthly",
    first: "2027-01-31",
    interval: "month",
    count: 1,
    dates: [
      "2027-01-31",
      "2027-02-28",
      "2027-03-31",
      "2027-04-30",
      "2027-05-31",
      "2027-06-30",
      "2027-07-31",
      "2027-08-31",
      "2027-09-30",
      "2027-10-31",
      "2027-11-30",
      "2027-12-31",
      "2028-01-31",
      "2028-02-29",
    ],
  },
  {
    name: "Jan 30 monthly",
    first: "2027-01-30",
    interval: "month",
    count: 1,
    dates: [
      "2027-01-30",
      "2027-02-28",
      "2027-03-30",
      "2027-04-30",
      "2027-05-30",
      "2027-06-30",
      "2027-07-30",
      "2027-08-30",
      "2027-09-30",
      "2027-10-30",
      "2027-11-30",
      "2027-12-30",
      "2028-01-30",
      "2028-02-29",
    ],
  },
  {
    name: "Jan 29 monthly",
    first: "2027-01-29",
    interval: "month",
    count: 1,
    dates: [
      "2027-01-29",
      "2027-02-28",
      "2027-03-29",
      "2027-04-29",
      "2027-05-29",
      "2027-06-29",
      "2027-07-29",
      "2027-08-29",
      "2027-09-29",
      "2027-10-29",
      "2027-11-29",
      "2027-12-29",
      "2028-01-29",
      "2028-02-29",
    ],
  },
  {
    name: "Feb 29 yearly",
    first: "2028-02-29",
    interval: "year",
    count: 1,
    dates: [
      "2028-02-29",
      "2029-02-28",
      "2030-02-28",
      "2031-02-28",
      "2032-02-29",
      "2033-02-28",
      "2034-02-28",
      "2035-02-28",
      "2036-02-29",
      "2037-02-28",
      "2038-02-28",
      "2039-02-28",
      "2040-02-29",
      "2041-02-28",
    ],
  },
  {
    name: "Mar 31 quarterly",
    first: "2027-03-31",
    interval: "month",
    count: 3,
    dates: [
      "2027-03-31",
      "2027-06-30",
      "2027-09-30",
      "2027-12-31",
      "2028-03-31",
      "2028-06-30",
      "2028-09-30",
      "2028-12-31",
      "2029-03-31",
      "2029-06-30",
      "2029-09-30",
      "2029-12-31",
      "2030-03-31",
      "2030-06-30",
    ],
  },
];

/** Contiguous, no gap, no overlap; every instant of each period maps back to it. */
function expectContiguous(s: Schedule, n: number) {
  const periods = Array.from({ length: n }, (_, k) => periodByIndex(s, k));
  for (const [k, p] of periods.entries()) {
    expect(p.end).toBeGreaterThan(p.start);
    if (k > 0) expect(p.start).toBe(periods[k - 1]!.end);
    expect(periodAt(s, p.start)).toEqual(p);
    expect(periodAt(s, p.end - 1)).toEqual(p);
    expect(periodAt(s, p.end).index).toBe(k + 1);
  }
  // catch-up from the anchor gives the same periods in order
  expect(periodsBetween(s, s.anchor, periods[n - 1]!.start, 100)).toEqual(periods);
  return periods;
}

describe("billing periods derived from the anchor", () => {
  for (const zone of ZONES) {
    for (const row of TABLE) {
      // 00:30 local: east of UTC this is the previous UTC day, west of it the same day;
      // 23:30 local: west of UTC it is the next UTC day. Both must keep the local date.
      for (const time of ["00:30:00", "23:30:00"]) {
        it(`${row.name} at ${time} in ${zone}: 14 periods on the clamped local dates, contiguous`, () => {
          const s: Schedule = {
            anchor: instant(`${row.first} ${time}`, zone),
            interval: row.interval,
            intervalCount: row.count,
            snapToNthDay: null,
            timeZone: zone,
          };
          const periods = expectContiguous(s, 14);
          expect(periods.map((p) => local(p.start, zone))).toEqual(row.dates.map((d) => `${d} ${time}`));
        });
      }
    }
  }

  it("period k never depends on a late renewal: the start is the same however it is reached", () => {
    const s: Schedule = { anchor: instant("2027-01-31 09:00:00", "UTC"), interval: "month", intervalCount: 1, snapToNthDay: null, timeZone: "UTC" };
    const late = periodStart(s, 1) + 5 * 86_400; // a run five days late
    expect(local(periodAt(s, late).end, "UTC")).toBe("2027-03-31 09:00:00");
    expect(periodsBetween(s, periodStart(s, 1), late + 60 * 86_400, 100).map((p) => local(p.start, "UTC"))).toEqual([
      "2027-02-28 09:00:00",
      "2027-03-31 09:00:00",
      "2027-04-30 09:00:00",
    ]);
  });

  it("catch-up is capped and ordered, and includes a period starting exactly at the clock", () => {
    const s: Schedule = { anchor: instant("2027-01-15 00:00:00", "UTC"), interval: "month", intervalCount: 1, snapToNthDay: null, timeZone: "UTC" };
    const p6 = periodStart(s, 6);
    expect(periodsBetween(s, periodStart(s, 1), p6, 100).map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(periodsBetween(s, periodStart(s, 1), p6 - 1, 100).map((p) => p.index)).toEqual([1, 2, 3, 4, 5]);
    expect(periodsBetween(s, periodStart(s, 1), p6, 3).map((p) => p.index)).toEqual([1, 2, 3]);
    // from inside a period: the next start, not the current one again
    expect(periodsBetween(s, periodStart(s, 1) + 1, p6, 2).map((p) => p.index)).toEqual([2, 3]);
  });
});

describe("day boundaries across DST changes", () => {
  it("New York monthly at 02:30: the spring-forward day shows 03:30, then 02:30 again; contiguous", () => {
    const zone = "America/New_York";
    const s: Schedule = { anchor: instant("2027-01-14 02:30:00", zone), interval: "month", intervalCount: 1, snapToNthDay: null, timeZone: zone };
    const periods = expectContiguous(s, 14);
    const starts = periods.map((p) => local(p.start, zone));
    expect(starts.slice(0, 4)).toEqual(["2027-01-14 02:30:00", "2027-02-14 02:30:00", "2027-03-14 03:30:00", "2027-04-14 02:30:00"]);
  });

  it("New York monthly at 01:30 on the fall-back day is the first 01:30 (EDT)", () => {
    const zone = "America/New_York";
    const s: Schedule = { anchor: instant("2027-10-07 01:30:00", zone), interval: "month", intervalCount: 1, snapToNthDay: null, timeZone: zone };
    const p1 = periodStart(s, 1);
    expect(local(p1, zone)).toBe("2027-11-07 01:30:00");
    expect(new Date(p1 * 1000).toISOString()).toBe("2027-11-07T05:30:00.000Z"); // -04:00, the earlier one
    expectContiguous(s, 14);
  });

  it("Berlin daily periods are local days: 23 hours in March, 25 in October", () => {
    const zone = "Europe/Berlin";
    const spring: Schedule = { anchor: instant("2027-03-27 00:00:00", zone), interval: "day", intervalCount: 1, snapToNthDay: null, timeZone: zone };
    const ps = expectContiguous(spring, 3);
    expect(ps.map((p) => (p.end - p.start) / 3600)).toEqual([24, 23, 24]);
    const autumn: Schedule = { ...spring, anchor: instant("2027-10-30 00:00:00", zone) };
    const pa = expectContiguous(autumn, 3);
    expect(pa.map((p) => (p.end - p.start) / 3600)).toEqual([24, 25, 24]);
    expect(pa.map((p) => local(p.start, zone))).toEqual(["2027-10-30 00:00:00", "2027-10-31 00:00:00", "2027-11-01 00:00:00"]);
  });

  it("weekly in Berlin keeps Monday 09:00 local across the change", () => {
    const zone = "Europe/Berlin";
    const s: Schedule = { anchor: instant("2027-03-22 09:00:00", zone), interval: "week", intervalCount: 1, snapToNthDay: null, timeZone: zone };
    expect(expectContiguous(s, 3).map((p) => local(p.start, zone))).toEqual(["2027-03-22 09:00:00", "2027-03-29 09:00:00", "2027-04-05 09:00:00"]);
  });
});

describe("snap_to_nth_day", () => {
  it("a start on the 10th snapped to the 1st: a short first period, then the 1st at local midnight", () => {
    const zone = "Pacific/Kiritimati";
    const s: Schedule = { anchor: instant("2027-01-10 15:00:00", zone), interval: "month", intervalCount: 1, snapToNthDay: 1, timeZone: zone };
    const periods = expectContiguous(s, 14);
    expect(periods.slice(0, 4).map((p) => local(p.start, zone))).toEqual([
      "2027-01-10 15:00:00",
      "2027-02-01 00:00:00",
      "2027-03-01 00:00:00",
      "2027-04-01 00:00:00",
    ]);
  });

  it("31 means the month's last day", () => {
    const zone = "Pacific/Pago_Pago";
    const s: Schedule = { anchor: instant("2027-01-10 15:00:00", zone), interval: "month", intervalCount: 1, snapToNthDay: 31, timeZone: zone };
    expect(expectContiguous(s, 5).map((p) => local(p.start, zone).slice(0, 10))).toEqual([
      "2027-01-10",
      "2027-01-31",
      "2027-02-28",
      "2027-03-31",
      "2027-04-30",
    ]);
  });

  it("a start exactly at the snap day's midnight has a full first period", () => {
    const s: Schedule = { anchor: instant("2027-01-15 00:00:00", "UTC"), interval: "month", intervalCount: 1, snapToNthDay: 15, timeZone: "UTC" };
    expect(local(periodByIndex(s, 0).end, "UTC")).toBe("2027-02-15 00:00:00");
  });

  it("a start later on the snap day runs to next month's snap day", () => {
    const s: Schedule = { anchor: instant("2027-01-15 10:00:00", "UTC"), interval: "month", intervalCount: 1, snapToNthDay: 15, timeZone: "UTC" };
    expect(local(periodByIndex(s, 0).end, "UTC")).toBe("2027-02-15 00:00:00");
  });
});
