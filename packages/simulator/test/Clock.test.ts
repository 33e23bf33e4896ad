import { performance } from "node:perf_hooks"
import { describe, expect, it, vi } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Clock from "../src/Clock.js"
import { epoch, serve } from "./support/servers.js"

describe("Clock", () => {
  it("stands still at speed 0 until advanced by hand", () => {
    const clock = Clock.make({ speed: 0, start: epoch })
    expect(clock.now()).toEqual(epoch)
    clock.advance("5 minutes")
    clock.advance(1500)
    expect(clock.now().toISOString()).toBe("2026-03-01T12:05:01.500Z")
    expect(clock.speed).toBe(0)
  })

  it("runs speed times faster than real time, on top of what was advanced", () => {
    let real = 1_000
    const now = vi.spyOn(performance, "now").mockImplementation(() => real)
    try {
      const clock = Clock.make({ speed: 60, start: epoch })
      real += 20_000
      expect(clock.now().toISOString()).toBe("2026-03-01T12:20:00.000Z")
      clock.advance("1 hour")
      real += 500
      expect(clock.now().toISOString()).toBe("2026-03-01T13:20:30.000Z")
    } finally {
      now.mockRestore()
    }
  })

  it("starts at the real time unless told", () => {
    const before = Date.now()
    const now = Clock.make({ speed: 0 }).now().getTime()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })

  it("refuses a negative or unbounded speed, an invalid start, and moving backwards", () => {
    expect(() => Clock.make({ speed: -1 })).toThrow("speed must be a finite number ≥ 0, not -1")
    expect(() => Clock.make({ speed: Number.POSITIVE_INFINITY })).toThrow(RangeError)
    expect(() => Clock.make({ start: new Date("soon") })).toThrow("start must be a valid date")
    expect(() => Clock.make({ speed: 0 }).advance(-1)).toThrow("the clock only moves forward")
  })

  it("refuses to move past the last time a Date holds, and keeps telling the time", () => {
    const clock = Clock.make({ speed: 0, start: epoch })
    expect(() => clock.advance(Duration.infinity)).toThrow(
      "the clock cannot move past +275760-09-13T00:00:00.000Z"
    )
    expect(() => clock.advance(1e300)).toThrow(RangeError)
    expect(clock.now()).toEqual(epoch)
  })

  describe("the admin path /_sim/clock", () => {
    it("tells the time and advances it by a duration or milliseconds", async () => {
      const server = await serve([])
      expect(await (await fetch(`${server.url}/_sim/clock`)).json()).toEqual({
        now: "2026-03-01T12:00:00.000Z",
        speed: 0
      })
      const advance = (body: unknown) =>
        fetch(`${server.url}/_sim/clock`, { method: "POST", body: JSON.stringify(body) }).then((response) =>
          response.json()
        )
      expect(await advance({ advance: "5 minutes" })).toEqual({ now: "2026-03-01T12:05:00.000Z", speed: 0 })
      expect(await advance({ advance: 30_000 })).toEqual({ now: "2026-03-01T12:05:30.000Z", speed: 0 })
      expect(server.clock.now().toISOString()).toBe("2026-03-01T12:05:30.000Z")
    })

    it("answers 400 with a sentence for a duration it cannot use, and does not move", async () => {
      const server = await serve([])
      const cases: ReadonlyArray<[string, string]> = [
        [
          '{"advance":"soon"}',
          'clock request: at advance: advance must be a duration such as "5 minutes" or a number of milliseconds ≥ 0, got "soon"'
        ],
        [
          '{"advance":-5}',
          'clock request: at advance: advance must be a duration such as "5 minutes" or a number of milliseconds ≥ 0, got -5'
        ],
        ['{"advance":1e300}', "clock request: the clock cannot move past +275760-09-13T00:00:00.000Z"],
        ["{}", "clock request: at advance: missing"],
        ["", "clock request: the body was empty, not JSON"]
      ]
      for (const [body, error] of cases) {
        const response = await fetch(`${server.url}/_sim/clock`, { method: "POST", body })
        expect(response.status, body).toBe(400)
        expect(await response.json(), body).toEqual({ error })
      }
      expect(server.clock.now()).toEqual(epoch)
    })
  })
})
