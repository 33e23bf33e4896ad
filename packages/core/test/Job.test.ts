import { describe, expect, it } from "@effect/vitest"
import { Job, KnownSources, Lifecycle, Phase, Progress, Source, Ukssdc } from "@jobscope/core"
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
      snapshot([task("lc", "running", { code: 3, text: "Running" })], 1),
      Ukssdc.source
    )
    expect(events).toEqual([
      { _tag: "PhaseChanged", taskId: "lc", from: "queued", to: "running", code: 3, text: "Running" }
    ])
  })

  it("reports a regression as an anomaly, never a throw", () => {
    const events = Job.diff(
      snapshot([task("lc", "succeeded", { code: 4 })]),
      snapshot([task("lc", "running", { code: 3 })], 1),
      Ukssdc.source
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
    const events = Job.diff(snapshot([before]), snapshot([after], 1), Ukssdc.source)
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
    const events = Job.diff(snapshot([before]), snapshot([done], 1), Ukssdc.source)
    expect(
      events.map((event) => (event._tag === "StepDone" ? `done ${event.at.labels.join(" > ")}` : event._tag))
    ).toEqual(["PhaseChanged", "done Build spectra.", "done Build spectra. > Fit.", "done Plot."])
    // Once over, nothing more: the steps are not finished twice.
    expect(Job.diff(snapshot([done], 1), snapshot([done], 2), Ukssdc.source)).toEqual([])
    // A task that fails leaves its steps as they were.
    const failed = Job.diff(snapshot([before]), snapshot([task("spec", "failed")], 1), Ukssdc.source)
    expect(failed.map((event) => event._tag)).toEqual(["PhaseChanged"])
  })

  it("reports new and vanished tasks", () => {
    const events = Job.diff(
      snapshot([task("a", "running")]),
      snapshot([task("b", "pending")], 1, "tom"),
      Ukssdc.source
    )
    expect(events).toEqual([
      { _tag: "TaskAdded", taskId: "b", phase: "pending" },
      { _tag: "Anomaly", taskId: "a", reason: "the server no longer reports this task", from: "running" }
    ])
  })

  it.prop("is empty between a snapshot and itself", [Job.Snapshot], ([value]) => {
    expect(Job.diff(value, value, KnownSources.registry.get(value.source))).toEqual([])
  })

  it.prop(
    "never lets a terminal task move on: any other phase after it is an anomaly",
    [Job.Task, Phase.Phase],
    ([base, next]) => {
      if (!Phase.isTerminal(base.phase) || next === base.phase) return
      for (const source of [...KnownSources.registry.sources, Source.unknown("uws")]) {
        const events = Job.diff(snapshot([base]), snapshot([{ ...base, phase: next }], 1), source)
        expect(
          events.filter((event) => event._tag === "PhaseChanged"),
          source.id
        ).toEqual([])
        expect(events.some((event) => event._tag === "Anomaly" && event.taskId === base.id)).toBe(true)
      }
    }
  )
})

/** A third party's API whose jobs may be suspended and resumed, as UWS jobs may. */
const uws = Source.make({
  id: "uws",
  name: "UWS",
  lifecycle: Lifecycle.make("UWS job", [
    ["queued", "running"],
    ["running", "waiting"],
    ["waiting", "running"],
    ["running", "succeeded"],
    ...Lifecycle.fromAnyUnfinished(["failed", "cancelled"])
  ])
})

describe("Job.diff with a Source of its own", () => {
  const uwsJob = (phase: Phase.Phase, minute: number) => snapshot([task("job", phase)], minute, "uws")

  it("judges moves against that Source's lifecycle: running → waiting → running is no anomaly", () => {
    const polls = [uwsJob("running", 0), uwsJob("waiting", 1), uwsJob("running", 2), uwsJob("succeeded", 3)]
    const events = polls.slice(1).flatMap((next, index) => Job.diff(polls[index]!, next, uws))
    expect(
      events.map((event) => (event._tag === "PhaseChanged" ? `${event.from} → ${event.to}` : event._tag))
    ).toEqual(["running → waiting", "waiting → running", "running → succeeded"])
    // The same move on a UKSSDC product is a regression.
    expect(Job.diff(uwsJob("running", 0), uwsJob("waiting", 1), Ukssdc.source)).toMatchObject([
      { _tag: "Anomaly", from: "running", to: "waiting" }
    ])
  })

  it("still reports a task that had finished and runs again as an anomaly, named after the lifecycle", () => {
    expect(Job.diff(uwsJob("succeeded", 0), uwsJob("running", 1), uws)).toEqual([
      {
        _tag: "Anomaly",
        taskId: "job",
        reason: "a UWS job that had succeeded is now reported running",
        from: "succeeded",
        to: "running"
      }
    ])
  })
})

describe("Job.diff of outputs", () => {
  const archive: Job.Output = {
    id: "archive",
    label: "Light curve archive",
    url: "https://example.org/job/lc.tar.gz",
    mediaType: "application/gzip"
  }
  const windows = (end: number): Job.Output => ({
    id: "windows",
    label: "Visibility windows",
    value: { _tag: "Windows", windows: [{ begin: at(10), end: at(end) }] }
  })
  const outputs = (...list: ReadonlyArray<Job.Output>) => task("lc", "succeeded", { outputs: list })
  const diff = (before: Job.Task, after: Job.Task) =>
    Job.diff(snapshot([before]), snapshot([after], 1), Ukssdc.source)

  it("reports the outputs a task already has when it is first seen, after the task", () => {
    expect(Job.diff(snapshot([]), snapshot([outputs(archive, windows(20))], 1), Ukssdc.source)).toEqual([
      { _tag: "TaskAdded", taskId: "lc", phase: "succeeded" },
      { _tag: "OutputAdded", taskId: "lc", output: archive },
      { _tag: "OutputAdded", taskId: "lc", output: windows(20) }
    ])
  })

  it("reports each output once: a new one as added, one seen before only if it changed", () => {
    expect(diff(task("lc", "running"), outputs(archive))).toEqual([
      {
        _tag: "PhaseChanged",
        taskId: "lc",
        from: "running",
        to: "succeeded",
        code: "succeeded",
        text: "succeeded"
      },
      { _tag: "OutputAdded", taskId: "lc", output: archive }
    ])
    // Mappings build new objects on every poll (new arrays, new Dates): equal values are no event.
    expect(diff(outputs(archive, windows(20)), outputs({ ...archive }, windows(20)))).toEqual([])
    expect(diff(outputs(archive), outputs(archive, windows(20)))).toEqual([
      { _tag: "OutputAdded", taskId: "lc", output: windows(20) }
    ])
    expect(diff(outputs(archive, windows(20)), outputs(archive, windows(30)))).toEqual([
      { _tag: "OutputChanged", taskId: "lc", output: windows(30) }
    ])
  })

  it("takes outputs a server stops listing for no anomaly and no event", () => {
    expect(diff(outputs(archive, windows(20)), outputs(windows(20)))).toEqual([])
    expect(diff(outputs(archive), task("lc", "succeeded"))).toEqual([])
  })
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

describe("Job.carryOver", () => {
  const running = [
    Progress.make("Extract data.", "done"),
    Progress.make("Binning light curve.", "active", { children: [Progress.make("Bin", "active")] })
  ]

  it("keeps a finished product's last steps, all done, and its last running time", () => {
    const before = snapshot([
      task("lc", "running", { code: 3, steps: running, elapsed: Duration.seconds(600) })
    ])
    const after = Job.carryOver(before, snapshot([task("lc", "succeeded", { code: 4 })], 1))
    const lc = Job.task(after, "lc")!
    expect(lc.phase).toBe("succeeded")
    expect(Progress.counts(lc.steps!)).toMatchObject({ done: 2, total: 2 })
    expect(lc.steps![1]!.children[0]!.state).toBe("done")
    expect(Duration.toMillis(lc.elapsed!)).toBe(600_000)
    // The events are those of the raw reply: the steps finish once.
    expect(Job.diff(before, after, Ukssdc.source).filter((event) => event._tag === "StepDone")).toHaveLength(
      2
    )
    expect(
      Job.diff(
        after,
        Job.carryOver(after, snapshot([task("lc", "succeeded", { code: 4 })], 2)),
        Ukssdc.source
      )
    ).toEqual([])
  })

  it("keeps a failed task's steps as they were, and lets what the server says win", () => {
    const before = snapshot([task("spec", "running", { steps: running, elapsed: Duration.seconds(60) })])
    const failed = Job.task(Job.carryOver(before, snapshot([task("spec", "failed")], 1)), "spec")!
    expect(failed.steps).toEqual(running)
    const said = [Progress.make("Done.", "done")]
    const told = Job.carryOver(
      before,
      snapshot([task("spec", "succeeded", { steps: said, elapsed: Duration.seconds(90) })], 1)
    )
    expect(Job.task(told, "spec")!.steps).toEqual(said)
    expect(Duration.toMillis(Job.task(told, "spec")!.elapsed!)).toBe(90_000)
  })

  it("leaves running tasks, new tasks and other jobs alone", () => {
    const before = snapshot([task("lc", "running", { steps: running, elapsed: Duration.seconds(60) })])
    const stillRunning = snapshot([task("lc", "running"), task("psf", "succeeded")], 1)
    expect(Job.carryOver(before, stillRunning)).toBe(stillRunning)
    const otherJob = { ...snapshot([task("lc", "succeeded")], 1), jobId: "43" }
    expect(Job.carryOver(before, otherJob)).toBe(otherJob)
  })
})
