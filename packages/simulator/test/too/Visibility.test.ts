import { describe, expect, it } from "@effect/vitest"
import * as Sky from "../../src/too/Sky.js"
import * as Visibility from "../../src/too/Visibility.js"

const minute = 60_000
const begin = new Date("2026-03-02T00:00:00Z")
const sunThen = Sky.sun(begin)

const spans = (windows: ReadonlyArray<Visibility.Window>) =>
  windows.map((window) => window.end.getTime() - window.begin.getTime())

describe("Visibility.windows", () => {
  it("splits a visible day into one window per ~96-minute orbit, in order, on whole minutes", () => {
    const windows = Visibility.windows({ ra: 123.4, dec: -12.3, begin, length: 1, hires: true })
    expect(windows.length).toBeGreaterThanOrEqual(14)
    expect(windows.length).toBeLessThanOrEqual(16)
    for (const [i, window] of windows.entries()) {
      expect(window.begin.getTime() % minute).toBe(0)
      expect(window.end.getTime() % minute).toBe(0)
      expect(window.begin.getTime()).toBeGreaterThanOrEqual(begin.getTime())
      expect(window.end.getTime()).toBeLessThanOrEqual(begin.getTime() + 86_400_000)
      const next = windows[i + 1]
      if (next !== undefined) {
        expect(next.begin.getTime()).toBeGreaterThan(window.end.getTime())
        // Rises come once an orbit.
        expect(next.begin.getTime() - window.begin.getTime()).toBeGreaterThan(90 * minute)
        expect(next.begin.getTime() - window.begin.getTime()).toBeLessThan(102 * minute)
      }
    }
    // Inside the day, windows are tens of minutes: the Earth hides the target for the rest of each orbit.
    for (const length of spans(windows).slice(1, -1)) {
      expect(length).toBeGreaterThan(35 * minute)
      expect(length).toBeLessThan(60 * minute)
    }
  })

  it("gives longer windows near the orbit's poles than at the equator", () => {
    const total = (dec: number) =>
      spans(Visibility.windows({ ra: 200, dec, begin, length: 1, hires: true })).reduce((a, b) => a + b, 0)
    expect(total(-68)).toBeGreaterThan(total(-5) * 1.7)
  })

  it("is a pure function of the query", () => {
    const query = { ra: 195.7, dec: -63.8, begin, length: 3, hires: true }
    expect(Visibility.windows(query)).toEqual(Visibility.windows({ ...query }))
    expect(Visibility.windows(query)).not.toEqual(Visibility.windows({ ...query, ra: 196.7 }))
  })

  it("gives no windows while the target is within 46° of the Sun, and one window per stretch beyond", () => {
    expect(Visibility.windows({ ...sunThen, begin, length: 5, hires: true })).toEqual([])
    expect(Visibility.windows({ ...sunThen, begin, length: 5, hires: false })).toEqual([])

    // Opposite the Sun: visible all the time at low resolution.
    const opposite = { ra: (sunThen.ra + 180) % 360, dec: -sunThen.dec }
    expect(Visibility.windows({ ...opposite, begin, length: 28, hires: false })).toEqual([
      { begin, end: new Date(begin.getTime() + 28 * 86_400_000) }
    ])

    // Over a year the Sun passes any ecliptic target once: one gap, its edges where the Sun is 46° away.
    const year = Visibility.windows({ ra: 30, dec: 10, begin, length: 366, hires: false })
    expect(year).toHaveLength(2)
    const [before, after] = year as [Visibility.Window, Visibility.Window]
    expect(Sky.sunDistance({ ra: 30, dec: 10 }, before.end)).toBeCloseTo(Sky.sunLimit, 1)
    expect(Sky.sunDistance({ ra: 30, dec: 10 }, after.begin)).toBeCloseTo(Sky.sunLimit, 1)
    const gapDays = (after.begin.getTime() - before.end.getTime()) / 86_400_000
    expect(gapDays).toBeGreaterThan(80)
    expect(gapDays).toBeLessThan(110)
  })

  it("starts at the query's begin, to the minute", () => {
    const [first] = Visibility.windows({
      ...{ ra: (sunThen.ra + 180) % 360, dec: 0 },
      begin: new Date("2026-03-02T22:18:05.963Z"),
      length: 1,
      hires: false
    })
    expect(first).toEqual({ begin: new Date("2026-03-02T22:18:00Z"), end: new Date("2026-03-03T22:18:00Z") })
  })
})
