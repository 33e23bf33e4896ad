import { describe, expect, it } from "@effect/vitest"
import * as Catalogue from "../../src/too/Catalogue.js"
import * as Sky from "../../src/too/Sky.js"
import * as Timeline from "../../src/too/Timeline.js"

const week = { begin: new Date("2026-02-01T00:00:00Z"), end: new Date("2026-02-08T00:00:00Z") }

describe("Timeline.pointings", () => {
  it("flies one pointing after another, each a slew, a settle and an exposure, never near the Sun", () => {
    const pointings = Timeline.pointings(week)
    // One to three snapshots per 96-minute orbit.
    expect(pointings.length).toBeGreaterThan(7 * 15)
    expect(pointings.length).toBeLessThan(7 * 15 * 3)
    for (const [i, pointing] of pointings.entries()) {
      const slew = pointing.settle.getTime() - pointing.begin.getTime()
      const exposure = pointing.end.getTime() - pointing.settle.getTime()
      expect(slew).toBeGreaterThanOrEqual(120_000)
      expect(slew).toBeLessThanOrEqual(240_000)
      expect(exposure).toBeGreaterThanOrEqual(8 * 60_000)
      expect(exposure).toBeLessThanOrEqual(28 * 60_000)
      expect(Sky.sunDistance(pointing.source, pointing.begin)).toBeGreaterThan(Sky.sunLimit - 1)
      expect(Sky.separation(pointing, pointing.source)).toBeLessThan(0.02)
      const next = pointings[i + 1]
      if (next !== undefined) expect(next.begin.getTime()).toBeGreaterThan(pointing.end.getTime())
    }
    expect(new Set(pointings.map((pointing) => pointing.source.name)).size).toBeGreaterThan(5)
  })

  it("selects by position, target ID and segment, from the same timeline", () => {
    const all = Timeline.pointings(week)
    const crab = Catalogue.resolve("Crab")!
    const near = Timeline.pointings({ ...week, near: { position: crab, radius: Timeline.defaultRadius } })
    expect(near.length).toBeGreaterThan(0)
    expect(near).toEqual(all.filter((pointing) => pointing.source === crab))
    expect(Timeline.pointings({ ...week, targetid: crab.targetid })).toEqual(near)
    const seg = near[0]!.seg
    expect(Timeline.pointings({ ...week, targetid: crab.targetid, seg })).toEqual(
      near.filter((p) => p.seg === seg)
    )
  })

  it("is the same timeline whatever window it is read through", () => {
    const day = { begin: new Date("2026-02-03T00:00:00Z"), end: new Date("2026-02-04T00:00:00Z") }
    const overlapping = (p: Timeline.Pointing) => p.begin < day.end && p.end > day.begin
    expect(Timeline.pointings(day)).toEqual(Timeline.pointings(week).filter(overlapping))
  })
})
