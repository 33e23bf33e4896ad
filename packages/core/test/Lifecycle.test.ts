import { describe, expect, it } from "@effect/vitest"
import { KnownSources, Lifecycle, Phase, Tom, Too, Ukssdc } from "@jobscope/core"
import * as Schema from "effect/Schema"

const lifecycles = [Ukssdc.lifecycle, Too.lifecycle, Tom.lifecycle, Lifecycle.generic]

describe("Lifecycle", () => {
  it("allows skipped states and judges regressions", () => {
    expect(Lifecycle.judge(Ukssdc.lifecycle, "pending", "succeeded")).toBe("advanced")
    expect(Lifecycle.judge(Ukssdc.lifecycle, "succeeded", "running")).toBe("regressed")
    expect(Lifecycle.judge(Ukssdc.lifecycle, "running", "running")).toBe("stayed")
    expect(Lifecycle.judge(Ukssdc.lifecycle, "queued", "waiting")).toBe("advanced")
    expect(Lifecycle.judge(Ukssdc.lifecycle, "waiting", "succeeded")).toBe("advanced")
    expect(Lifecycle.judge(Ukssdc.lifecycle, "running", "waiting")).toBe("regressed")
    expect(Lifecycle.judge(Ukssdc.lifecycle, "unknown", "running")).toBe("advanced")
    expect(Lifecycle.judge(Ukssdc.lifecycle, "running", "unknown")).toBe("regressed")
    expect(Lifecycle.judge(Too.lifecycle, "queued", "failed")).toBe("advanced")
    expect(Lifecycle.judge(Too.lifecycle, "running", "queued")).toBe("regressed")
    expect(Lifecycle.judge(Tom.lifecycle, "pending", "succeeded")).toBe("advanced")
  })

  it("is found by a snapshot's source through the known Sources, the generic one for any other id", () => {
    const lifecycleOf = (id: string) => KnownSources.registry.get(id).lifecycle
    expect(lifecycleOf("ukssdc")).toBe(Ukssdc.lifecycle)
    expect(lifecycleOf("too")).toBe(Too.lifecycle)
    expect(lifecycleOf("tom")).toBe(Tom.lifecycle)
    expect(lifecycleOf("another observatory")).toBe(Lifecycle.generic)
  })

  it("lets a lifecycle of its own go back and forth where its table says so, and nowhere else", () => {
    const uws = Lifecycle.make("UWS job", [
      ["queued", "running"],
      ["running", "waiting"],
      ["waiting", "running"],
      ["running", "succeeded"]
    ])
    expect(Lifecycle.judge(uws, "running", "waiting")).toBe("advanced")
    expect(Lifecycle.judge(uws, "waiting", "running")).toBe("advanced")
    expect(Lifecycle.judge(uws, "succeeded", "running")).toBe("regressed")
    expect(Lifecycle.judge(uws, "running", "queued")).toBe("regressed")
  })

  it.prop("never lets a terminal phase move on", [Phase.Phase, Phase.Phase], ([from, to]) => {
    for (const lifecycle of lifecycles) {
      if (Phase.isTerminal(from) && from !== to) expect(Lifecycle.isLegal(lifecycle, from, to)).toBe(false)
    }
  })

  it("reaches a terminal phase from every phase a lifecycle uses", () => {
    for (const lifecycle of lifecycles) {
      const used = new Set<Phase.Phase>(lifecycle.moves.flat())
      for (const phase of used) {
        if (Phase.isTerminal(phase)) continue
        const reachable = [...(lifecycle.reachable.get(phase) ?? [])]
        expect(reachable.some(Phase.isTerminal), `${lifecycle.name}: ${phase}`).toBe(true)
      }
    }
    expect(Schema.is(Phase.Phase)("running")).toBe(true)
  })
})
