import { describe, expect, it } from "@effect/vitest"
import { Progress } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { expectJsonRoundTrip } from "./roundTrip.js"

const { make } = Progress

const spectra = (current: number, fitting: boolean): Progress.Steps => [
  make("Prepare data.", "done"),
  make("Build spectra.", "active", {
    extra: `Working on spectrum: Obs_00081637001 (${current}/156)`,
    children: [
      make("Extract data.", fitting ? "done" : "active"),
      make("Fit spectrum.", fitting ? "active" : "pending")
    ]
  })
]

describe("Progress.parseCounter", () => {
  it("reads the counters the servers write", () => {
    expect(Progress.parseCounter("Working on spectrum: Obs_00081637001 (14/156)")).toEqual({
      current: 14,
      total: 156
    })
    expect(Progress.parseCounter("Working on observation 2 / 121")).toEqual({ current: 2, total: 121 })
    expect(Progress.parseCounter("dataset 3 of 10")).toEqual({ current: 3, total: 10 })
  })

  it("ignores text without a sensible counter", () => {
    expect(Progress.parseCounter("Fit spectrum.")).toBeUndefined()
    expect(Progress.parseCounter("(5/0)")).toBeUndefined()
    expect(Progress.parseCounter("(7/3)")).toBeUndefined()
  })
})

describe("Progress folds", () => {
  it("follows the active path down the tree", () => {
    expect(Progress.activePath(spectra(14, true)).map((step) => step.label)).toEqual([
      "Build spectra.",
      "Fit spectrum."
    ])
    expect(Progress.activePath([make("a", "done")])).toEqual([])
  })

  it("weighs the counter and the sub-steps into the fraction done", () => {
    // One of two steps done; the second is 13 spectra and half of the 14th into 156.
    expect(Progress.fraction(spectra(14, true))).toBeCloseTo((1 + (13 + 0.5) / 156) / 2, 10)
    expect(Progress.fraction([])).toBe(0)
    expect(Progress.fraction([make("a", "done"), make("b", "done")])).toBe(1)
  })

  it("counts the top-level steps by state and measures depth", () => {
    expect(Progress.counts(spectra(1, false))).toEqual({ done: 1, active: 1, pending: 0, total: 2 })
    expect(Progress.depth(spectra(1, false))).toBe(2)
  })
})

describe("Progress.diff", () => {
  it("reports a step started, a step done and a counter moved, each once", () => {
    const changes = Progress.diff(spectra(14, true), spectra(15, false))
    expect(changes).toEqual([
      {
        _tag: "CounterAdvanced",
        at: { indices: [1], labels: ["Build spectra."] },
        from: { current: 14, total: 156 },
        to: { current: 15, total: 156 }
      },
      { _tag: "StepStarted", at: { indices: [1, 0], labels: ["Build spectra.", "Extract data."] } }
    ])
  })

  it("reports steps a poll skipped straight past as done", () => {
    const before = [make("a", "active"), make("b", "pending"), make("c", "pending")]
    const after = [make("a", "done"), make("b", "done"), make("c", "active")]
    expect(Progress.diff(before, after).map((change) => [change._tag, change.at.labels.join("/")])).toEqual([
      ["StepDone", "a"],
      ["StepDone", "b"],
      ["StepStarted", "c"]
    ])
  })

  it.prop("is empty between a tree and itself", [Progress.Steps], ([steps]) => {
    expect(Progress.diff(steps, steps)).toEqual([])
  })
})

describe("Progress.Steps schema", () => {
  it.prop("round-trips any tree through JSON", [Progress.Steps], ([steps]) =>
    expectJsonRoundTrip(Progress.Steps, steps)
  )

  it("refuses nesting deeper than the limit", () => {
    let step: Progress.Step = make("leaf", "pending")
    for (let level = 0; level < Progress.maxDepth; level++)
      step = make(`level ${level}`, "active", { children: [step] })
    const result = Schema.decodeUnknownResult(Progress.Steps)([step])
    expect(Result.isFailure(result) && String(result.failure)).toContain("nest deeper than the limit")
  })
})
