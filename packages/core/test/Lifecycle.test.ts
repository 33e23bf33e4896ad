import { describe, expect, it } from "@effect/vitest"
import { Lifecycle, Phase } from "@jobscope/core"
import * as Schema from "effect/Schema"

const lifecycles = [Lifecycle.ukssdc, Lifecycle.too, Lifecycle.tom, Lifecycle.generic]

describe("Lifecycle", () => {
  it("allows skipped states and judges regressions", () => {
    expect(Lifecycle.judge(Lifecycle.ukssdc, "pending", "succeeded")).toBe("advanced")
    expect(Lifecycle.judge(Lifecycle.ukssdc, "succeeded", "running")).toBe("regressed")
    expect(Lifecycle.judge(Lifecycle.ukssdc, "running", "running")).toBe("stayed")
    expect(Lifecycle.judge(Lifecycle.ukssdc, "queued", "waiting")).toBe("advanced")
    expect(Lifecycle.judge(Lifecycle.ukssdc, "waiting", "succeeded")).toBe("advanced")
    expect(Lifecycle.judge(Lifecycle.ukssdc, "running", "waiting")).toBe("regressed")
    expect(Lifecycle.judge(Lifecycle.ukssdc, "unknown", "running")).toBe("advanced")
    expect(Lifecycle.judge(Lifecycle.ukssdc, "running", "unknown")).toBe("regressed")
    expect(Lifecycle.judge(Lifecycle.too, "queued", "failed")).toBe("advanced")
    expect(Lifecycle.judge(Lifecycle.too, "running", "queued")).toBe("regressed")
    expect(Lifecycle.judge(Lifecycle.tom, "pending", "succeeded")).toBe("advanced")
  })

  it("picks the lifecycle of a snapshot's source", () => {
    expect(Lifecycle.forSource("ukssdc")).toBe(Lifecycle.ukssdc)
    expect(Lifecycle.forSource("too")).toBe(Lifecycle.too)
    expect(Lifecycle.forSource("tom")).toBe(Lifecycle.tom)
    expect(Lifecycle.forSource("another observatory")).toBe(Lifecycle.generic)
  })

  it.prop("never lets a terminal phase move on", [Phase.Phase, Phase.Phase], ([from, to]) => {
    for (const lifecycle of lifecycles) {
      if (Phase.isTerminal(from) && from !== to) expect(Lifecycle.isLegal(lifecycle, from, to)).toBe(false)
    }
  })

  it("reaches a terminal phase from every phase a lifecycle uses", () => {
    for (const lifecycle of lifecycles) {
      const used = new Set(lifecycle.moves.flat())
      for (const phase of used) {
        if (Phase.isTerminal(phase)) continue
        const reachable = [...(lifecycle.reachable.get(phase) ?? [])]
        expect(reachable.some(Phase.isTerminal), `${lifecycle.name}: ${phase}`).toBe(true)
      }
    }
    expect(Schema.is(Phase.Phase)("running")).toBe(true)
  })
})
