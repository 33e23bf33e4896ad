import { describe, expect, it } from "@effect/vitest"
import * as Sky from "../../src/too/Sky.js"

describe("Sky", () => {
  it("puts the Sun at the equinoxes and solstices where almanacs do", () => {
    const march = Sky.sun(new Date("2026-03-20T14:46:00Z"))
    expect(Sky.separation(march, { ra: 0, dec: 0 })).toBeLessThan(0.05)
    const june = Sky.sun(new Date("2026-06-21T08:24:00Z"))
    expect(june.ra).toBeCloseTo(90, 1)
    expect(june.dec).toBeCloseTo(23.44, 1)
    const december = Sky.sun(new Date("2026-12-21T20:50:00Z"))
    expect(december.ra).toBeCloseTo(270, 1)
    expect(december.dec).toBeCloseTo(-23.44, 1)
  })

  it("measures angles between positions", () => {
    expect(Sky.separation({ ra: 10, dec: 20 }, { ra: 10, dec: 20 })).toBe(0)
    expect(Sky.separation({ ra: 0, dec: 90 }, { ra: 123, dec: -90 })).toBeCloseTo(180, 9)
    expect(Sky.separation({ ra: 359.5, dec: 0 }, { ra: 0.5, dec: 0 })).toBeCloseTo(1, 9)
    // A degree of RA at dec 60 is half a degree on the sky.
    expect(Sky.separation({ ra: 100, dec: 60 }, { ra: 101, dec: 60 })).toBeCloseTo(0.5, 3)
  })
})
