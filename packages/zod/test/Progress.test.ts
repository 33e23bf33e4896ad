import { describe, expect, it } from "@effect/vitest"
import { Progress as CoreProgress } from "@jobscope/core"
import { Progress } from "../src/index.js"

describe("Progress", () => {
  it("accepts the steps the core makes, and its depth limit is the core's", () => {
    const steps = [
      CoreProgress.make("Prepare data.", "done"),
      CoreProgress.make("Build spectra.", "active", {
        extra: "Working on spectrum (14/156)",
        children: [CoreProgress.make("Extract events.", "pending")]
      })
    ]
    expect(Progress.Steps.parse(JSON.parse(JSON.stringify(steps)))).toEqual(steps)
    expect(Progress.maxDepth).toBe(CoreProgress.maxDepth)
  })

  it("refuses a counter the core would not make", () => {
    const step = { label: "x", state: "active", children: [], counter: { current: 3, total: 0 } }
    expect(Progress.Step.safeParse(step).error?.issues.map((issue) => issue.path.join("."))).toEqual([
      "counter.total"
    ])
  })
})
