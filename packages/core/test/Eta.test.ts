import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Eta, Job, Progress, Ukssdc } from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as Result from "effect/Result"
import { fixture } from "./fixtures.js"
import { expectJsonRoundTrip } from "./roundTrip.js"
import { task } from "./task.js"

const seconds = (duration: Duration.Duration): number => Duration.toMillis(duration) / 1000
const start = Date.UTC(2026, 10, 22, 10, 0, 0)
/** The instant `millis` after the job was submitted. */
const at = (millis: number): Date => new Date(start + millis)
const now = at(0)

const snapshot = (tasks: ReadonlyArray<Job.Task>, millis = 0): Job.Snapshot => ({
  source: "ukssdc",
  jobId: "42",
  tasks,
  observedAt: at(millis)
})

/** A task `fraction` of the way through (one step, counting items out of 1000), running for `elapsed` ms. */
const partWay = (id: string, fraction: number, elapsed: number): Job.Task =>
  task(id, "running", {
    steps: [
      Progress.make("Work.", "active", { counter: { current: Math.round(fraction * 1000) + 1, total: 1000 } })
    ],
    elapsed: Duration.millis(elapsed)
  })

describe("Eta.ofTask and Eta.ofJob", () => {
  it("estimates the rest at the pace so far: elapsed × (1 − f) / f", () => {
    // One step done and the second 2 items into 4: f = (1 + 2/4) / 2 = 0.75.
    const steps = [Progress.make("Prepare.", "done"), Progress.make("Build.", "active", { extra: "(3/4)" })]
    const running = task("spec", "running", { steps, elapsed: Duration.minutes(10) })
    expect(seconds(Eta.ofTask(running, now)!)).toBeCloseTo(200, 9)
    expect(seconds(Eta.ofJob(snapshot([running]))!)).toBeCloseTo(200, 9)
  })

  it("cannot tell without a running time, without steps, before anything is done or after all is", () => {
    const elapsed = Duration.minutes(1)
    expect(Eta.ofTask(task("a", "running", { steps: [Progress.make("x", "active")] }), now)).toBeUndefined()
    expect(Eta.ofTask(task("a", "running", { elapsed }), now)).toBeUndefined()
    expect(
      Eta.ofTask(task("a", "running", { elapsed, steps: [Progress.make("x", "active")] }), now)
    ).toBeUndefined()
    expect(
      Eta.ofTask(task("a", "running", { elapsed, steps: [Progress.make("x", "done")] }), now)
    ).toBeUndefined()
  })

  it("cannot tell from a fraction too small to give a finite time", () => {
    // Item 1 of 2^53 − 1, twenty levels deep: about 10^-320 done.
    let step = Progress.make("leaf", "active", { children: [Progress.make("done", "done")] })
    for (let level = 0; level < 20; level++)
      step = Progress.make(`level ${level}`, "active", {
        counter: { current: 1, total: Number.MAX_SAFE_INTEGER },
        children: [step]
      })
    const deep = task("spec", "running", { steps: [step], elapsed: Duration.days(30) })
    expect(Progress.fraction([step])).toBeGreaterThan(0)
    expect(Eta.ofTask(deep, now)).toBeUndefined()
    const { remaining, tracks } = Eta.estimate(snapshot([deep]), [], undefined)
    expect(remaining).toBeUndefined()
    for (const track of tracks) expectJsonRoundTrip(Eta.TaskTrack, track)
  })

  it("takes the slowest open task, and cannot tell while any open task has no estimate", () => {
    const quick = partWay("quick", 0.5, 60_000) // 60 s more
    const slow = partWay("slow", 0.25, 60_000) // 180 s more
    expect(seconds(Eta.ofJob(snapshot([quick, slow]))!)).toBeCloseTo(180, 6)
    expect(Eta.ofJob(snapshot([quick, task("waiting", "queued")]))).toBeUndefined()
    // Finished tasks and products the job does not have hold nothing open.
    expect(
      seconds(Eta.ofJob(snapshot([quick, task("psf", "succeeded"), task("enh", "unknown")]))!)
    ).toBeCloseTo(60, 6)
    expect(Eta.ofJob(snapshot([task("psf", "succeeded")]))).toBeUndefined()
  })

  describe("from the UKSSDC status seed (status-full)", () => {
    const reply = Result.getOrThrow(
      DecodeError.decodeUnknown(
        Ukssdc.StatusResponse,
        "UKSSDC status reply"
      )(fixture("ukssdc", "status-full"))
    )
    if (reply.OK !== 1) throw new Error("status-full is a successful reply")
    const seed = Ukssdc.toSnapshot(reply, { observedAt: at(0) })
    const etaOf = (id: string) => {
      const estimate = Eta.ofTask(Job.task(seed, id)!, now)
      return estimate === undefined ? undefined : seconds(estimate)
    }

    it("estimates each running product from its steps and TimeRunning", () => {
      // spec: Prepare done; Build spectra on spectrum 14 of 156, its sub-steps half done.
      const spec = (1 + (13 + 0.5) / 156) / 2
      expect(etaOf("spec")).toBeCloseTo((1240 * (1 - spec)) / spec, 6) // 00:20:40 running
      expect(etaOf("enh")).toBeCloseTo(56.5, 6) // 2 of 3 steps in 00:01:53
      const xastrom = (3 + 1 / 121) / 12 // 3 of 12 steps, then observation 2 / 121
      expect(etaOf("xastrom")).toBeCloseTo((141 * (1 - xastrom)) / xastrom, 6)
      expect(etaOf("image")).toBeCloseTo(143 / 3, 6) // 3 of 4 steps in 00:02:23
      expect(etaOf("lc")).toBeUndefined() // still in its first step
      expect(etaOf("psf")).toBeUndefined() // complete
    })

    it("gives the job's ETA only once every open product has one", () => {
      expect(Eta.ofJob(seed)).toBeUndefined()
      const lcDone = {
        ...seed,
        tasks: seed.tasks.map((t) => (t.id === "lc" ? { ...t, phase: "succeeded" as const } : t))
      }
      expect(seconds(Eta.ofJob(lcDone)!)).toBeCloseTo(etaOf("spec")!, 6)
    })
  })
})

describe("a server's expected end", () => {
  // Half done after 10 minutes: 10 more at the pace so far, but the server says 2.
  const halfDone = partWay("job", 0.5, 600_000)
  const quoted = { ...halfDone, expectedEnd: at(120_000) }

  it("wins over the estimate from steps and running time", () => {
    expect(seconds(Eta.ofTask(halfDone, now)!)).toBeCloseTo(600, 6)
    expect(seconds(Eta.ofTask(quoted, now)!)).toBe(120)
    expect(seconds(Eta.ofTask(quoted, at(90_000))!)).toBe(30)
    expect(seconds(Eta.ofJob(snapshot([quoted]))!)).toBe(120)
  })

  it("is enough on its own, with no steps or running time", () => {
    const bare = task("job", "running", { expectedEnd: at(45_000) })
    expect(seconds(Eta.ofTask(bare, now)!)).toBe(45)
    expect(seconds(Eta.ofJob(snapshot([bare]))!)).toBe(45)
    expect(Eta.estimate(snapshot([bare]), [], undefined)).toEqual({
      remaining: 45_000,
      complete: true,
      tracks: [],
      finished: []
    })
  })

  it("counts as zero once it has passed, never below", () => {
    expect(seconds(Eta.ofTask(quoted, at(120_000))!)).toBe(0)
    expect(seconds(Eta.ofTask(quoted, at(600_000))!)).toBe(0)
    expect(seconds(Eta.ofJob(snapshot([quoted], 600_000))!)).toBe(0)
  })

  it("holds nothing open once the task is over, and leaves the slowest task the job's", () => {
    expect(Eta.ofJob(snapshot([{ ...quoted, phase: "succeeded" }]))).toBeUndefined()
    const slow = partWay("slow", 0.25, 60_000) // 180 s more
    expect(seconds(Eta.ofJob(snapshot([quoted, slow]))!)).toBeCloseTo(180, 6)
  })
})
