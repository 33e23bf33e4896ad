import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import * as Process from "../../src/tom/Process.js"
import type * as Script from "../../src/tom/Script.js"

const created = new Date("2026-03-01T12:00:00Z")

const plan = (script: Script.Script, kind: Script.Kind = "pipeline"): Process.Plan => ({
  pk: 51,
  target: 7,
  kind,
  identifier: "astrosource_m13_2026-03-01-120000",
  created,
  script,
  groupId: 38
})

const elapsed = (seconds: number) => new Date(created.getTime() + Math.round(seconds * 1000))

/** How long a script runs, seconds, each wait to the millisecond. */
const length = (script: Script.Script) =>
  [...script.steps, script.end].reduce((sum, step) => sum + Math.round(step.after * 1000), 0) / 1000

/** A fraction of a script's length, a little past its end included. */
const Fraction = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1.1 }))

// Scripts for property tests: `Script.Script` itself, with generators that rarely pass its filters.
const Wait = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 600 }))
const Logs = Schema.Array(Schema.String)
const AnyScript = Schema.Struct({
  steps: Schema.Array(
    Schema.Struct({ after: Wait, status: Schema.Literals(["running astrosource", "stacking"]), logs: Logs })
  ),
  end: Schema.Union([
    Schema.Struct({ after: Wait, outcome: Schema.Literal("created"), logs: Logs }),
    Schema.Struct({
      after: Wait,
      outcome: Schema.Literal("failed"),
      failureMessage: Schema.String,
      logs: Logs
    })
  ])
})

describe("Process.stateAt", () => {
  const script: Script.Script = {
    steps: [
      { after: 2, status: "running astrosource", logs: ["Copying 12 files to a temporary directory"] },
      { after: 0, status: "running astrosource", logs: ["Running astrosource on 12 files"] }
    ],
    end: { after: 3, outcome: "created", logs: ["Saving outputs"] }
  }

  it("applies the steps whose time has come, steps at the same instant together", () => {
    expect(Process.stateAt(plan(script), elapsed(1.999))).toEqual({
      status: "pending",
      logs: "",
      terminal: null,
      failureMessage: null
    })
    expect(Process.stateAt(plan(script), elapsed(2))).toMatchObject({
      status: "running astrosource",
      logs: "Copying 12 files to a temporary directory\nRunning astrosource on 12 files\n"
    })
    expect(Process.stateAt(plan(script), elapsed(5))).toEqual({
      status: "created",
      logs: "Copying 12 files to a temporary directory\nRunning astrosource on 12 files\nSaving outputs\n",
      terminal: elapsed(5),
      failureMessage: null
    })
  })

  it("adds the output group of a pipeline once it is created, and gives a timelapse no page", () => {
    expect(Process.toPipelineLogs(plan(script), elapsed(4))).toMatchObject({
      group_name: null,
      group_url: null
    })
    expect(Process.toPipelineLogs(plan(script), elapsed(5))).toMatchObject({
      view_url: "/pipeline/51",
      group_name: "astrosource_m13_2026-03-01-120000_outputs",
      group_url: "/dataproducts/data/group/38/"
    })
    expect(Process.toAsyncProcess(plan(script, "timelapse"), elapsed(5)).view_url).toBeNull()
  })

  it.prop(
    "only grows its log and never leaves its end, whatever the script",
    [AnyScript, Fraction, Fraction],
    ([script, a, b]) => {
      const total = length(script)
      const [early, late] = [Math.min(a, b), Math.max(a, b)].map((f) =>
        Process.stateAt(plan(script), elapsed(f * total))
      )
      expect(late!.logs.startsWith(early!.logs)).toBe(true)
      if (early!.terminal !== null) expect(late).toEqual(early)
      expect(Process.stateAt(plan(script), elapsed(total)).terminal).toEqual(elapsed(total))
    },
    { arbitrary: { runs: 300 } }
  )
})
