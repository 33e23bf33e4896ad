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

describe("Elapsed.human", () => {
  it("says every unit down to seconds by default, leaving out zeros", () => {
    expect(Elapsed.human(Duration.seconds(1_240))).toBe("20 min 40 s")
    expect(Elapsed.human(Duration.hours(1))).toBe("1 h")
    expect(Elapsed.human(Duration.seconds(3_605))).toBe("1 h 5 s")
    expect(Elapsed.human(Duration.hours(27))).toBe("1 d 3 h")
    expect(Elapsed.human(Duration.millis(350))).toBe("350 ms")
  })

  it("says the largest units only, rounded when asked", () => {
    expect(Elapsed.human(Duration.seconds(3_930), { units: 2 })).toBe("1 h 5 min")
    expect(Elapsed.human(Duration.seconds(170), { units: 1, round: true })).toBe("3 min")
    expect(Elapsed.human(Duration.seconds(170), { units: 1 })).toBe("2 min")
    expect(Elapsed.human(Duration.millis(59_700), { units: 1, round: true })).toBe("1 min")
    expect(Elapsed.human(Duration.millis(7_600), { units: 2, round: true })).toBe("8 s")
  })

  it("says nothing or less as 0 s, and an infinite span as forever", () => {
    expect(Elapsed.human(Duration.zero)).toBe("0 s")
    expect(Elapsed.human(Duration.millis(-5))).toBe("0 s")
    expect(Elapsed.human(Duration.infinity)).toBe("forever")
  })
})
