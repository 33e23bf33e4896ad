import type { Job } from "@jobscope/core"
import { FetchError, NotConfigured } from "@jobscope/fetch"
import * as Duration from "effect/Duration"
import { describe, expect, it } from "vitest"
import * as Form from "../src/Form.js"
import * as Report from "../src/Report.js"

/** A time on the page's own clock, so that the expected text does not depend on the time zone. */
const at = (hours: number, minutes: number, seconds: number) => new Date(2026, 2, 1, hours, minutes, seconds)

const task = (id: string, phase: Job.Task["phase"]): Job.Task => ({
  id,
  label: id,
  phase,
  code: null,
  text: phase
})

const snapshot = (source: string, phases: ReadonlyArray<Job.Task["phase"]>): Job.Snapshot => ({
  source,
  jobId: "14",
  tasks: phases.map((phase, i) => task(`t${i}`, phase)),
  observedAt: at(12, 0, 3)
})

const refused = new FetchError.Refused({
  endpoint: "UKSSDC status",
  url: "http://127.0.0.1:8080/user_objects/checkProductStatus.php",
  job: "999",
  error: "Job 999 does not exist.",
  problems: [],
  message:
    "UKSSDC status of job 999 (http://127.0.0.1:8080/user_objects/checkProductStatus.php): Job 999 does not exist."
})

describe("Report", () => {
  it("says when the server expects the job to end (a UWS quote), on its clock, until it is over", () => {
    const quoted = (phase: Job.Task["phase"]): Job.Snapshot => ({
      ...snapshot("uws", []),
      tasks: [{ ...task("job", phase), expectedEnd: new Date("2026-12-07T12:30:00Z") }]
    })
    expect(Report.expectedEnd(quoted("running"), 60)).toBe(
      "The service expects it to end by 2026-12-07 12:30:00 UTC (simulator clock)."
    )
    expect(Report.expectedEnd(quoted("queued"), undefined)).toBe(
      "The service expects it to end by 2026-12-07 12:30:00 UTC (server clock)."
    )
    expect(Report.expectedEnd(quoted("succeeded"), 60)).toBeUndefined()
    expect(Report.expectedEnd(snapshot("uws", ["running"]), 60)).toBeUndefined()
    expect(Report.outcome(snapshot("uws", ["failed"]))).toEqual({
      outcome: "failed",
      text: "The job failed."
    })
  })

  it("writes times of day for people", () => {
    expect(Report.clockTime(at(9, 5, 7))).toBe("09:05:07")
  })

  it("says when the job was seen, when it is asked next and why, and how long it has left", () => {
    const running = snapshot("ukssdc", ["running"])
    const next = { at: at(12, 0, 4), reason: "eta" as const, eta: Duration.seconds(250) }
    expect(Report.observed({ snapshot: running, next }, 60)).toBe(
      "Updated at 12:00:03 (your clock). Next poll at 12:00:04: closing in on the estimated finish. Time left: ~4 min simulated (4 s here at 60×)."
    )
    expect(Report.observed({ snapshot: running, next }, undefined)).toBe(
      "Updated at 12:00:03 (your clock). Next poll at 12:00:04: closing in on the estimated finish. Time left: ~4 min."
    )
    expect(
      Report.observed({ snapshot: running, next: { at: at(12, 0, 13), reason: "backoff" } }, undefined)
    ).toBe(
      "Updated at 12:00:03 (your clock). Next poll at 12:00:13: nothing changed, so a little later each time."
    )
    expect(Report.observed({ snapshot: snapshot("ukssdc", ["succeeded"]), next: undefined }, 60)).toBe(
      "Updated at 12:00:03 (your clock). The job is over; polling stopped."
    )
  })

  it("warns of a failed poll with its error and when it is tried again", () => {
    expect(Report.pollFailed({ error: refused, next: { at: at(12, 0, 20), reason: "failure" } })).toBe(
      `A poll failed (${refused.message}); trying again at 12:00:20.`
    )
  })

  it.each([
    [
      "ukssdc",
      ["succeeded", "succeeded", "succeeded", "succeeded", "succeeded", "succeeded"],
      "succeeded",
      "All 6 products done."
    ],
    ["ukssdc", ["succeeded", "failed", "succeeded", "unknown"], "failed", "1 of 3 products failed; 2 done."],
    ["ukssdc", ["cancelled", "cancelled", "succeeded"], "cancelled", "2 of 3 products cancelled; 1 done."],
    ["ukssdc", ["succeeded", "unknown"], "succeeded", "The product is done."],
    ["too", ["failed"], "failed", "The request failed."],
    ["tom", ["cancelled"], "cancelled", "The process was cancelled."],
    ["tom", ["succeeded", "succeeded"], "succeeded", "All 2 processes done."],
    ["lsst", ["succeeded", "succeeded"], "succeeded", "All 2 tasks done."]
  ] as const)("says how a %s job of %j ended: %s, %j", (source, phases, outcome, text) => {
    expect(Report.outcome(snapshot(source, phases))).toEqual({ outcome, text })
  })

  it("has no outcome while a task runs, or when the server knows no task", () => {
    expect(Report.outcome(snapshot("ukssdc", ["succeeded", "running"]))).toBeUndefined()
    expect(Report.outcome(snapshot("ukssdc", ["unknown"]))).toBeUndefined()
  })

  it("writes any error as its message, without the tag meant for programs", () => {
    expect(Report.error(refused)).toBe(refused.message)
    const notConfigured = new NotConfigured({
      settings: "tom: { baseUrl }",
      message: "createClient was given no tom: { baseUrl }, so status cannot be called"
    })
    expect(Report.error(notConfigured)).toBe(
      "createClient was given no tom: { baseUrl }, so status cannot be called"
    )
    expect(
      Report.error(new Form.InvalidForm({ problems: ["x"], message: "The form needs fixing: x." }))
    ).toBe("The form needs fixing: x.")
    expect(Report.error(new TypeError("Failed to fetch"))).toBe("TypeError: Failed to fetch")
    expect(Report.error("a string")).toBe("Error: a string")
    expect(Report.error({ message: "" })).toBe("Error: [object Object]")
  })
})
