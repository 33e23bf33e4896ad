import { describe, expect, it } from "@effect/vitest"
import { Job, Phase, Progress } from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import { asJson, expectJsonRoundTrip } from "./roundTrip.js"
import { task } from "./task.js"

const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 10, minute))

const snapshot = (tasks: ReadonlyArray<Job.Task>, minute = 0, source = "ukssdc"): Job.Snapshot => ({
  source,
  jobId: "42",
  tasks,
  observedAt: at(minute)
})

describe("Job.diff", () => {
  it("reports a phase change with the server's own code and text", () => {
    const events = Job.diff(
      snapshot([task("lc", "queued", { code: 2, text: "Queued" })]),
      snapshot([task("lc", "running", { code: 3, text: "Running" })], 1)
    )
    expect(events).toEqual([
      { _tag: "PhaseChanged", taskId: "lc", from: "queued", to: "running", code: 3, text: "Running" }
    ])
  })

  it("reports a regression as an anomaly, never a throw", () => {
    const events = Job.diff(
      snapshot([task("lc", "succeeded", { code: 4 })]),
      snapshot([task("lc", "running", { code: 3 })], 1)
    )
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ _tag: "Anomaly", taskId: "lc", from: "succeeded", to: "running" })
  })

  it("reports steps, counters and log text of each task once", () => {
    const before = task("spec", "running", {
      steps: [Progress.make("Build spectra.", "active", { extra: "(14/156)" })],
      logs: "line 1\n"
    })
    const after = task("spec", "running", {
      steps: [Progress.make("Build spectra.", "active", { extra: "(15/156)" })],
      logs: "line 1\nline 2\n"
    })
    const events = Job.diff(snapshot([before]), snapshot([after], 1))
    expect(events.map((event) => event._tag)).toEqual(["CounterAdvanced", "LogAppended"])
    expect(events[1]).toEqual({ _tag: "LogAppended", taskId: "spec", text: "line 2\n" })
  })

  it("finishes the steps last seen when a task succeeds without reporting them", () => {
    const spectra = Progress.make("Build spectra.", "active", {
      extra: "(155/156)",
      children: [Progress.make("Extract.", "done"), Progress.make("Fit.", "active")]
    })
    const before = task("spec", "running", {
      steps: [Progress.make("Prepare data.", "done"), spectra, Progress.make("Plot.", "pending")]
    })
    const done = task("spec", "succeeded")
    const events = Job.diff(snapshot([before]), snapshot([done], 1))
    expect(
      events.map((event) => (event._tag === "StepDone" ? `done ${event.at.labels.join(" > ")}` : event._tag))
    ).toEqual(["PhaseChanged", "done Build spectra.", "done Build spectra. > Fit.", "done Plot."])
    // Once over, nothing more: the steps are not finished twice.
    expect(Job.diff(snapshot([done], 1), snapshot([done], 2))).toEqual([])
    // A task that fails leaves its steps as they were.
    const failed = Job.diff(snapshot([before]), snapshot([task("spec", "failed")], 1))
    expect(failed.map((event) => event._tag)).toEqual(["PhaseChanged"])
  })

  it("reports new and vanished tasks", () => {
    const events = Job.diff(snapshot([task("a", "running")]), snapshot([task("b", "pending")], 1, "tom"))
    expect(events).toEqual([
      { _tag: "TaskAdded", taskId: "b", phase: "pending" },
      { _tag: "Anomaly", taskId: "a", reason: "the server no longer reports this task", from: "running" }
    ])
  })

  it.prop("is empty between a snapshot and itself", [Job.Snapshot], ([value]) => {
    expect(Job.diff(value, value)).toEqual([])
  })

  it.prop(
    "never lets a terminal task move on: any other phase after it is an anomaly",
    [Job.Task, Phase.Phase],
    ([base, next]) => {
      if (!Phase.isTerminal(base.phase) || next === base.phase) return
      const events = Job.diff(snapshot([base]), snapshot([{ ...base, phase: next }], 1))
      expect(events.filter((event) => event._tag === "PhaseChanged")).toEqual([])
      expect(events.some((event) => event._tag === "Anomaly" && event.taskId === base.id)).toBe(true)
    }
  )
})

describe("Job.isTerminal and Job.outcome", () => {
  it("waits for every known task and names how the job ended", () => {
    expect(Job.isTerminal(snapshot([task("a", "succeeded"), task("b", "running")]))).toBe(false)
    expect(Job.outcome(snapshot([task("a", "succeeded"), task("b", "running")]))).toBeUndefined()
    expect(Job.outcome(snapshot([task("a", "succeeded"), task("b", "unknown")]))).toBe("succeeded")
    expect(Job.outcome(snapshot([task("a", "succeeded"), task("b", "cancelled")]))).toBe("cancelled")
    expect(Job.outcome(snapshot([task("a", "failed"), task("b", "cancelled")]))).toBe("failed")
    expect(Job.isTerminal(snapshot([task("a", "unknown")]))).toBe(false)
    expect(Job.isTerminal(snapshot([]))).toBe(false)
  })
})

describe("Job.SnapshotJson", () => {
  it("writes dates as ISO text and durations as milliseconds", () => {
    const value = snapshot([task("lc", "running", { elapsed: Duration.seconds(83), startedAt: at(1) })])
    const json = Schema.encodeSync(Job.SnapshotJson)(value)
    expect(json).toMatchObject({
      observedAt: "2026-11-22T10:00:00.000Z",
      tasks: [{ elapsed: 83000, startedAt: "2026-11-22T10:01:00.000Z" }]
    })
    expect(Schema.decodeUnknownSync(Job.SnapshotJson)(asJson(json))).toEqual(value)
  })

  it.prop("round-trips any snapshot through JSON text", [Job.Snapshot], ([value]) =>
    expectJsonRoundTrip(Job.SnapshotJson, value)
  )
})
