import { describe, expect, it } from "@effect/vitest"
import { Job, Lifecycle } from "@jobscope/core"
import { Uws } from "@jobscope/uws"

/** A snapshot of one UWS job in a phase, observed at `second` seconds. */
const at = (phase: Uws.ExecutionPhase, second: number): Job.Snapshot =>
  Uws.toSnapshot(
    { version: "1.1", jobId: "j", phase, parameters: [], results: [] },
    { observedAt: new Date(second * 1000) }
  )

const judged = (from: Uws.ExecutionPhase, to: Uws.ExecutionPhase) =>
  Lifecycle.judge(Uws.lifecycle, Uws.phaseOf(from), Uws.phaseOf(to))

describe("the UWS phase machine", () => {
  it("puts every UWS phase among the core's", () => {
    expect(
      Object.fromEntries(Uws.ExecutionPhase.literals.map((phase) => [phase, Uws.phaseOf(phase)]))
    ).toEqual({
      PENDING: "pending",
      QUEUED: "queued",
      EXECUTING: "running",
      COMPLETED: "succeeded",
      ERROR: "failed",
      ABORTED: "cancelled",
      UNKNOWN: "unknown",
      HELD: "waiting",
      SUSPENDED: "waiting",
      ARCHIVED: "succeeded"
    })
    expect(Uws.ExecutionPhase.literals.filter(Uws.isFinal)).toEqual([
      "COMPLETED",
      "ERROR",
      "ABORTED",
      "ARCHIVED"
    ])
  })

  it("allows the moves UWS 1.1 allows, skipped ones included", () => {
    const legal: ReadonlyArray<readonly [Uws.ExecutionPhase, Uws.ExecutionPhase]> = [
      ["PENDING", "QUEUED"],
      ["PENDING", "HELD"],
      ["HELD", "QUEUED"],
      ["QUEUED", "EXECUTING"],
      ["EXECUTING", "SUSPENDED"],
      ["SUSPENDED", "EXECUTING"],
      ["EXECUTING", "COMPLETED"],
      ["PENDING", "COMPLETED"],
      ["PENDING", "ABORTED"],
      ["QUEUED", "ERROR"],
      ["SUSPENDED", "ABORTED"],
      ["UNKNOWN", "EXECUTING"]
    ]
    for (const [from, to] of legal) expect(judged(from, to), `${from} → ${to}`).toBe("advanced")
  })

  it("judges a move out of the end, or back, a regression", () => {
    const regressions: ReadonlyArray<readonly [Uws.ExecutionPhase, Uws.ExecutionPhase]> = [
      ["COMPLETED", "EXECUTING"],
      ["COMPLETED", "ERROR"],
      ["ABORTED", "QUEUED"],
      ["ERROR", "EXECUTING"],
      ["QUEUED", "PENDING"],
      ["EXECUTING", "UNKNOWN"]
    ]
    for (const [from, to] of regressions) expect(judged(from, to), `${from} → ${to}`).toBe("regressed")
  })

  it("turns two polls into events: a phase change once, and an ERROR after COMPLETED an Anomaly, not a throw", () => {
    const events = Job.diff(at("QUEUED", 0), at("EXECUTING", 10), Uws.source)
    expect(events).toMatchObject([{ _tag: "PhaseChanged", from: "queued", to: "running", code: "EXECUTING" }])
    expect(Job.diff(at("EXECUTING", 10), at("EXECUTING", 20), Uws.source)).toEqual([])
    expect(Job.diff(at("COMPLETED", 30), at("ERROR", 40), Uws.source).map((event) => event._tag)).toContain(
      "Anomaly"
    )
  })
})

describe("Uws.toSnapshot", () => {
  const job: Uws.JobDocument = {
    version: "1.1",
    jobId: "q7",
    runId: "bright-stars",
    phase: "ERROR",
    quote: new Date("2026-12-07T18:05:00Z"),
    startTime: new Date("2026-12-07T18:00:02Z"),
    endTime: new Date("2026-12-07T18:00:09Z"),
    parameters: [],
    results: [
      { id: "result", href: "results/result", size: 10, mimeType: "text/csv" },
      { id: "result", href: "results/again" },
      { id: "log" }
    ],
    errorSummary: { type: "fatal", hasDetail: true, message: "Query failed" }
  }

  it("makes the job one task: results its outputs, quote its expected end, the error its message with the detail", () => {
    const snapshot = Uws.toSnapshot(job, {
      observedAt: new Date(0),
      url: "https://tap.example.org/async/q7",
      errorDetail: "line 1: no such column\n"
    })
    expect(snapshot).toMatchObject({
      source: "uws",
      jobId: "q7",
      label: "bright-stars",
      url: "https://tap.example.org/async/q7"
    })
    expect(snapshot.tasks).toEqual([
      {
        id: "job",
        label: "bright-stars",
        phase: "failed",
        code: "ERROR",
        text: "ERROR",
        startedAt: job.startTime,
        finishedAt: job.endTime,
        message: "Query failed\n\nline 1: no such column",
        // A repeated result id is reported once: output ids are unique within a task.
        outputs: [
          { id: "result", label: "result", url: "results/result", mediaType: "text/csv", size: 10 },
          { id: "log", label: "log" }
        ],
        expectedEnd: job.quote
      }
    ])
  })

  it("keeps the summary alone when the detail is empty or says the same, and cuts a very long detail", () => {
    const message = (errorDetail: string) =>
      Uws.toSnapshot(job, { observedAt: new Date(0), errorDetail }).tasks[0]?.message
    expect(message("  ")).toBe("Query failed")
    expect(message("Query failed")).toBe("Query failed")
    expect(message("x".repeat(10_000))?.length).toBe("Query failed\n\n".length + 4_001)
  })
})
