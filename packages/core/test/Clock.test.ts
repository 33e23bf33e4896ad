import { describe, expect, it } from "@effect/vitest"
import { Clock } from "@jobscope/core"
import * as Duration from "effect/Duration"

describe("Clock", () => {
  it("says which clock a time is on", () => {
    expect(Clock.at(new Date("2026-12-07T18:58:15.900Z"), "observer")).toBe(
      "2026-12-07 18:58:15 UTC (your clock)"
    )
    expect(Clock.at(new Date("2026-03-15T00:00:07Z"), "simulator")).toBe(
      "2026-03-15 00:00:07 UTC (simulator clock)"
    )
    expect(Clock.at(new Date("2026-03-15T00:00:07Z"), "server")).toBe(
      "2026-03-15 00:00:07 UTC (server clock)"
    )
    expect(Clock.name("nonsense" as Clock.Clock)).toBe("server clock")
  })

  it("names the server's clock a simulator's only at a known speed", () => {
    expect(Clock.ofServer(60)).toBe("simulator")
    expect(Clock.ofServer(undefined)).toBe("server")
    expect(Clock.ofServer(0)).toBe("server")
    expect(Clock.ofServer(Number.NaN)).toBe("server")
  })

  it("says a time left in the server's time and, at a simulator's speed, here", () => {
    expect(Clock.timeLeft(Duration.minutes(6))).toBe("~6 min")
    expect(Clock.timeLeft(Duration.minutes(6), 1)).toBe("~6 min")
    expect(Clock.timeLeft(Duration.minutes(6), 60)).toBe("~6 min simulated (6 s here at 60×)")
    expect(Clock.timeLeft(Duration.minutes(90), 600)).toBe("~1 h 30 min simulated (9 s here at 600×)")
    expect(Clock.timeLeft(Duration.minutes(6), Number.POSITIVE_INFINITY)).toBe("~6 min")
  })
})
