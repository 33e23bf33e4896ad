import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import * as Random from "../../src/internal/random.js"
import * as Script from "../../src/tom/Script.js"

const roundTrip = Schema.decodeUnknownSync(Script.Script)

describe("Script.generate", () => {
  it.prop(
    "writes valid scripts that end as asked, the same for the same stream",
    [Schema.Int, Script.Kind, Script.Outcome],
    ([seed, kind, outcome]) => {
      const script = Script.generate(kind, outcome, Random.make(seed))
      expect(roundTrip(Schema.encodeSync(Script.Script)(script))).toEqual(script)
      expect(script.end.outcome).toBe(outcome)
      expect(Script.generate(kind, outcome, Random.make(seed))).toEqual(script)
      if (kind === "timelapse") expect(script.steps).toEqual([])
    },
    { arbitrary: { runs: 200 } }
  )

  it("reduces a pipeline's frames one by one, and fails one for want of frames or at a frame", () => {
    const created = Script.generate("pipeline", "created", Random.make(4))
    const frames = Number(/Copying (\d+) files/.exec(created.steps[0]?.logs?.[0] ?? "")?.[1])
    expect(frames).toBeGreaterThanOrEqual(4)
    expect(created.steps.map((step) => step.status)).toEqual([
      "running astrosource",
      ...Array.from({ length: frames }, (_, i) => `Reducing frame ${i + 1} of ${frames}`),
      "running astrosource"
    ])
    const failures = new Set(
      Array.from({ length: 40 }, (_, seed) => {
        const end = Script.generate("pipeline", "failed", Random.make(seed)).end
        return end.outcome === "failed" ? end.failureMessage.replace(/\d+/g, "N") : "created"
      })
    )
    expect(failures).toEqual(
      new Set([
        "Not enough data to run astrosource: fewer than N frames in the r filter",
        "Astrometry failed on frame N of N: no stars matched the catalogue"
      ])
    )
  })

  it("refuses reserved words as a step's status, and waits out of range", () => {
    const decode = Schema.decodeUnknownResult(Script.Step)
    expect(decode({ after: 1, status: "created" })._tag).toBe("Failure")
    expect(decode({ after: 1, status: " " })._tag).toBe("Failure")
    expect(decode({ after: Script.maxAfter + 1, status: "x" })._tag).toBe("Failure")
    expect(decode({ after: 0, status: "stacking frames" })._tag).toBe("Success")
  })
})
