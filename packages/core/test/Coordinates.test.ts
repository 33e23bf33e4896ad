import { describe, expect, it } from "@effect/vitest"
import { Coordinates } from "@jobscope/core"
import * as Schema from "effect/Schema"

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

  it.each([
    ["14:37:09", 219.2875],
    ["14h37m09s", 219.2875],
    ["14h 37m 09s", 219.2875],
    ["14 37 09", 219.2875],
    ["  14:37:09.0 ", 219.2875],
    ["14:37", 219.25],
    ["219.2875", 219.2875],
    ["219.2875d", 219.2875],
    ["219.2875°", 219.2875],
    ["0", 0],
    ["360", 360]
  ])("reads the right ascension %j", (text, degrees) => {
    expect(Coordinates.parseRightAscension(text)).toBeCloseTo(degrees, 9)
  })

  it.each([
    ["-62:39:12", -62.65333333],
    ["-62d39m12s", -62.65333333],
    ["−62° 39′ 12.0″", -62.65333333],
    ["-62 39 12", -62.65333333],
    ["+05:30:00", 5.5],
    ["-00:30:00", -0.5],
    ["-62.65333", -62.65333],
    ["90", 90],
    ["-90d", -90]
  ])("reads the declination %j", (text, degrees) => {
    expect(Coordinates.parseDeclination(text)).toBeCloseTo(degrees, 7)
  })

  it.each([
    "",
    "abc",
    "24:00:00",
    "14:60:00",
    "14:37:60",
    "-14:37:09",
    "361",
    "-1",
    "14:37:09:01",
    "14.5:37:09",
    "1e400"
  ])("refuses the right ascension %j", (text) => {
    expect(Coordinates.parseRightAscension(text)).toBeUndefined()
  })

  it.each(["", "north", "91", "-90.5", "90:00:01", "-62:60:00", "--62", "+-62:00:00", "62:39:12:00"])(
    "refuses the declination %j",
    (text) => {
      expect(Coordinates.parseDeclination(text)).toBeUndefined()
    }
  )

  // 0.01 s of time is 0.15″ of arc, 0.1″ of declination is 0.1″: half of each is the rounding.
  it.prop(
    "reads back every right ascension it writes, to its rounding",
    [Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 359.9999 }))],
    ([degrees]) => {
      const read = Coordinates.parseRightAscension(Coordinates.rightAscension(degrees))
      expect(read).toBeDefined()
      expect(Math.abs(read! - degrees) * 3600).toBeLessThanOrEqual(0.0751)
    }
  )

  it.prop(
    "reads back every declination it writes, to its rounding",
    [Schema.Finite.check(Schema.isBetween({ minimum: -90, maximum: 90 }))],
    ([degrees]) => {
      const read = Coordinates.parseDeclination(Coordinates.declination(degrees))
      expect(read).toBeDefined()
      expect(Math.abs(read! - degrees) * 3600).toBeLessThanOrEqual(0.0501)
    }
  )

  it.prop(
    "reads decimal degrees as they are",
    [Schema.Finite.check(Schema.isBetween({ minimum: -90, maximum: 90 }))],
    ([degrees]) => {
      // String(-0) is "0", so a -0 reads back as +0 (adding 0 turns -0 into +0 and leaves the rest).
      expect(Coordinates.parseDeclination(String(degrees))).toBe(degrees + 0)
      expect(Coordinates.parseRightAscension(String(degrees + 90))).toBe(degrees + 90)
    }
  )
})
