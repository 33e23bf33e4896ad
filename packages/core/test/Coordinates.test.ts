import { describe, expect, it } from "@effect/vitest"
import { Coordinates } from "@jobscope/core"

describe("Coordinates", () => {
  const position = { _tag: "Position", ra: 219.28707, dec: -62.65333, error: 1.6 } as const

  it("says a position in degrees with its error circle", () => {
    expect(Coordinates.format(position)).toBe("RA 219.28707°, Dec −62.65333° ± 1.6″")
    expect(Coordinates.format({ _tag: "Position", ra: 0, dec: 5 })).toBe("RA 0.00000°, Dec 5.00000°")
  })

  it("says it in sexagesimal, carrying rounded seconds", () => {
    expect(Coordinates.sexagesimal(position)).toBe("14h 37m 08.90s, −62° 39′ 12.0″")
    expect(Coordinates.rightAscension(359.99999999)).toBe("00h 00m 00.00s")
    expect(Coordinates.declination(-0.0000001)).toBe("+00° 00′ 00.0″")
    expect(Coordinates.declination(29.99999999)).toBe("+30° 00′ 00.0″")
  })
})
