import { describe, expect, it } from "@effect/vitest"
import { Elapsed } from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"

describe("Elapsed", () => {
  it("writes running times as the UKSSDC does, hours past 23 included", () => {
    expect(Elapsed.format(Duration.seconds(0))).toBe("00:00:00")
    expect(Elapsed.format(Duration.seconds(59.9))).toBe("00:00:59")
    expect(Elapsed.format(Duration.minutes(95))).toBe("01:35:00")
    expect(Elapsed.format(Duration.hours(123))).toBe("123:00:00")
  })

  it("writes nothing odd for a duration that is not a running time", () => {
    expect(Elapsed.format(Duration.millis(-5000))).toBe("00:00:00")
    expect(Elapsed.format(Duration.infinity)).toBe("00:00:00")
    expect(Elapsed.wholeSeconds(Duration.millis(1999))).toBe(1)
  })

  it("reads what it writes, and nothing else", () => {
    expect(Elapsed.parse("01:35:00")).toEqual(Duration.minutes(95))
    expect(Elapsed.parse("123:00:07")).toEqual(Duration.seconds(123 * 3600 + 7))
    for (const text of ["1:60:00", "00:00", "00:00:00 ", "-01:00:00", "aa:bb:cc", ""]) {
      expect(Elapsed.parse(text)).toBeUndefined()
    }
  })

  it.prop(
    "round-trips every whole number of seconds",
    [Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 10_000_000 }))],
    ([seconds]) => {
      expect(Elapsed.parse(Elapsed.format(Duration.seconds(seconds)))).toEqual(Duration.seconds(seconds))
    }
  )
})
