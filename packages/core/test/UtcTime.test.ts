import { describe, expect, it } from "@effect/vitest"
import { UtcTime } from "@jobscope/core"

describe("UtcTime", () => {
  it("formats an instant to the second in UTC", () => {
    expect(UtcTime.format(new Date("2026-12-07T18:58:15.999Z"))).toBe("2026-12-07 18:58:15 UTC")
    expect(UtcTime.iso(new Date("2026-12-07T18:58:15.999Z"))).toBe("2026-12-07T18:58:15Z")
  })

  it("says an invalid date is an unknown time", () => {
    expect(UtcTime.format(new Date(Number.NaN))).toBe("an unknown time")
    expect(UtcTime.iso(new Date(Number.NaN))).toBe("")
  })
})
