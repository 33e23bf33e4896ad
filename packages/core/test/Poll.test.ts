import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Job, type Phase, Poll, Progress, Ukssdc } from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { fixture } from "./fixtures.js"
import { expectJsonRoundTrip } from "./roundTrip.js"
import { task } from "./task.js"

const ms = (duration: Duration.Duration): number => Duration.toMillis(duration)
const seconds = (duration: Duration.Duration): number => Duration.toMillis(duration) / 1000
const start = Date.UTC(2026, 10, 22, 10, 0, 0)
/** The instant `millis` after the job was submitted. */
const at = (millis: number): Date => new Date(start + millis)

const snapshot = (tasks: ReadonlyArray<Job.Task>, millis = 0, source = "ukssdc"): Job.Snapshot => ({
  source,
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

/** Polls a job the way the watcher does, until it is over; `job(t)` is what a poll at `t` ms sees. */
const watch = (
  policy: Poll.Policy,
  job: (millis: number) => Job.Snapshot,
  random: () => number = () => 0.5
): { readonly polls: ReadonlyArray<number>; readonly decisions: ReadonlyArray<Poll.Decision> } => {
  const polls: Array<number> = []
  const decisions: Array<Poll.Decision> = []
  let state = Poll.initial(policy)
  let previous: Job.Snapshot | undefined
  for (let t = 0; polls.length < 10_000; ) {
    const seen = job(t)
    polls.push(t)
    if (Job.isTerminal(seen)) break
    const events = previous === undefined ? [] : Job.diff(previous, seen)
    const decision = Poll.next(policy, state, { snapshot: seen, events }, random())
    decisions.push(decision)
    state = decision.state
    previous = seen
    t += ms(decision.delay)
  }
  return { polls, decisions }
}

/**
 * A UKSSDC product whose counter goes from 1 to `items` evenly over `duration`
 * ms, reported with the running time in whole seconds as the server does.
 */
const linearJob =
  (duration: number, items = 500) =>
  (millis: number): Job.Snapshot => {
    if (millis >= duration) return snapshot([task("spec", "succeeded")], millis)
    const current = Math.floor((millis / duration) * items) + 1
    const steps = [Progress.make("Build spectra.", "active", { counter: { current, total: items } })]
    const elapsed = Duration.seconds(Math.floor(millis / 1000))
    return snapshot([task("spec", "running", { steps, elapsed })], millis)
  }

/** A seeded stream of numbers in [0, 1), so that every run draws the same jitter. */
const seeded = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296
  }
}

describe("Poll.make", () => {
  it("starts from each API's defaults", () => {
    const summary = (policy: Poll.Policy) => [seconds(policy.floor), seconds(policy.ceiling), policy.backoff]
    expect(summary(Poll.ukssdc)).toEqual([10, 120, 1.5])
    expect(summary(Poll.too)).toEqual([1, 15, 1.5])
    expect(summary(Poll.tom)).toEqual([1, 60, 1.5])
    expect(summary(Poll.make("another-observatory"))).toEqual([5, 60, 1.5])
    expect([Poll.ukssdc.jitter, Poll.ukssdc.etaFraction]).toEqual([0.1, 0.3])
    expect(Poll.make("ukssdc")).toEqual(Poll.ukssdc)
  })

  it("accepts any Duration input and raises a floor under what the API asks for", () => {
    expect(seconds(Poll.make("ukssdc", { floor: "1 second" }).floor)).toBe(10)
    expect(seconds(Poll.make("ukssdc", { floor: "30 seconds" }).floor)).toBe(30)
    expect(seconds(Poll.make("too", { floor: 200 }).floor)).toBe(1)
    expect(seconds(Poll.make("another-observatory", { floor: Duration.seconds(2) }).floor)).toBe(2)
    expect(seconds(Poll.make("tom", { ceiling: { minutes: 5 } }).ceiling)).toBe(300)
  })

  it("divides the defaults and the politeness floor by a simulator's speed", () => {
    const fast = Poll.make("ukssdc", { speed: 60 })
    expect(ms(fast.floor)).toBeCloseTo(10_000 / 60)
    expect(ms(fast.ceiling)).toBe(2_000)
    expect(ms(Poll.make("too", { speed: 10 }).floor)).toBe(100)
    expect(ms(Poll.make("ukssdc", { speed: 60, floor: "1 millis" }).floor)).toBeCloseTo(10_000 / 60)
    expect(ms(Poll.make("ukssdc", { speed: 60, ceiling: "1 minute" }).ceiling)).toBe(60_000)
    expect(Poll.make("ukssdc", { speed: 1 })).toEqual(Poll.ukssdc)
  })

  it("goes under the politeness floor only through unsafeFloor", () => {
    expect(ms(Poll.make("ukssdc", { unsafeFloor: "50 millis" }).floor)).toBe(50)
    expect(ms(Poll.make("too", { unsafeFloor: 10 }).floor)).toBe(10)
  })

  it.prop(
    "never sets a UKSSDC floor under 10 s without unsafeFloor",
    [Schema.Finite.check(Schema.isBetween({ minimum: 0.001, maximum: 1_000_000 }))],
    ([floor]) => {
      expect(ms(Poll.make("ukssdc", { floor }).floor)).toBeGreaterThanOrEqual(10_000)
    }
  )

  it("raises the default ceiling to a floor above it", () => {
    const slow = Poll.make("ukssdc", { floor: "5 minutes" })
    expect([seconds(slow.floor), seconds(slow.ceiling)]).toEqual([300, 300])
  })

  it.each([
    [{ backoff: 0.5 }, /^backoff must be at least 1, got 0.5$/],
    [{ backoff: Number.NaN }, /^backoff must be at least 1, got NaN$/],
    [{ backoff: Number.POSITIVE_INFINITY }, /^backoff /],
    [{ jitter: -0.1 }, /^jitter must be from 0 to 1, got -0.1$/],
    [{ jitter: 1.5 }, /^jitter /],
    [{ etaFraction: 0 }, /^etaFraction must be above 0 and at most 1, got 0$/],
    [{ etaFraction: 2 }, /^etaFraction /],
    [{ ceiling: "5 seconds" }, /^ceiling must not be under the floor \(10000 ms\), got 5000 ms$/],
    [{ ceiling: "Infinity" }, /^ceiling must be a positive, finite duration, got Infinity$/],
    [{ floor: Number.NaN }, /^floor must be a positive, finite duration, got NaN$/],
    [{ floor: -5 }, /^floor /],
    [{ floor: "soon" as Duration.Input }, /^floor must be a duration such as "10 seconds", got soon$/],
    [{ unsafeFloor: 0 }, /^unsafeFloor must be a positive, finite duration, got 0$/],
    [{ floor: "20 seconds", unsafeFloor: "1 second" }, /^give floor or unsafeFloor, not both$/],
    [{ speed: 0 }, /^speed must be a positive, finite number, got 0$/],
    [{ speed: Number.NaN }, /^speed /]
  ] satisfies ReadonlyArray<readonly [Poll.Options, RegExp]>)(
    "refuses %o with a RangeError naming it",
    (options, message) => {
      expect(() => Poll.make("ukssdc", options)).toThrow(RangeError)
      expect(() => Poll.make("ukssdc", options)).toThrow(message)
    }
  )
})

describe("Poll.taskEta and Poll.eta", () => {
  it("estimates the rest at the pace so far: elapsed × (1 − f) / f", () => {
    // One step done and the second 2 items into 4: f = (1 + 2/4) / 2 = 0.75.
    const steps = [Progress.make("Prepare.", "done"), Progress.make("Build.", "active", { extra: "(3/4)" })]
    const running = task("spec", "running", { steps, elapsed: Duration.minutes(10) })
    expect(seconds(Poll.taskEta(running)!)).toBeCloseTo(200, 9)
    expect(seconds(Poll.eta(snapshot([running]))!)).toBeCloseTo(200, 9)
  })

  it("cannot tell without a running time, without steps, before anything is done or after all is", () => {
    const elapsed = Duration.minutes(1)
    expect(Poll.taskEta(task("a", "running", { steps: [Progress.make("x", "active")] }))).toBeUndefined()
    expect(Poll.taskEta(task("a", "running", { elapsed }))).toBeUndefined()
    expect(
      Poll.taskEta(task("a", "running", { elapsed, steps: [Progress.make("x", "active")] }))
    ).toBeUndefined()
    expect(
      Poll.taskEta(task("a", "running", { elapsed, steps: [Progress.make("x", "done")] }))
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
    expect(Poll.taskEta(deep)).toBeUndefined()
    const decision = Poll.next(
      Poll.ukssdc,
      Poll.initial(Poll.ukssdc),
      { snapshot: snapshot([deep]), events: [] },
      0
    )
    expectJsonRoundTrip(Poll.State, decision.state)
  })

  it("takes the slowest open task, and cannot tell while any open task has no estimate", () => {
    const quick = partWay("quick", 0.5, 60_000) // 60 s more
    const slow = partWay("slow", 0.25, 60_000) // 180 s more
    expect(seconds(Poll.eta(snapshot([quick, slow]))!)).toBeCloseTo(180, 6)
    expect(Poll.eta(snapshot([quick, task("waiting", "queued")]))).toBeUndefined()
    // Finished tasks and products the job does not have hold nothing open.
    expect(
      seconds(Poll.eta(snapshot([quick, task("psf", "succeeded"), task("enh", "unknown")]))!)
    ).toBeCloseTo(60, 6)
    expect(Poll.eta(snapshot([task("psf", "succeeded")]))).toBeUndefined()
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
      const estimate = Poll.taskEta(Job.task(seed, id)!)
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
      expect(Poll.eta(seed)).toBeUndefined()
      const lcDone = {
        ...seed,
        tasks: seed.tasks.map((t) => (t.id === "lc" ? { ...t, phase: "succeeded" as const } : t))
      }
      expect(seconds(Poll.eta(lcDone)!)).toBeCloseTo(etaOf("spec")!, 6)
    })
  })
})

describe("Poll.moved", () => {
  const phase = (from: Phase.Phase, to: Phase.Phase): Job.Event =>
    Job.PhaseChanged.make({ taskId: "lc", from, to, code: 3, text: "Running" })
  const at0 = { indices: [0], labels: ["Build spectra."] }
  const ticks: ReadonlyArray<Job.Event> = [
    Job.CounterAdvanced.make({ taskId: "spec", at: at0, to: { current: 15, total: 156 } }),
    Job.StepStarted.make({ taskId: "spec", at: at0 }),
    Job.StepDone.make({ taskId: "spec", at: at0 }),
    Job.LogAppended.make({ taskId: "spec", text: "line\n" })
  ]

  it("counts new tasks, phase changes and anomalies", () => {
    expect(Poll.moved("ukssdc", [phase("running", "succeeded")])).toBe(true)
    expect(Poll.moved("too", [Job.TaskAdded.make({ taskId: "1", phase: "queued" })])).toBe(true)
    expect(Poll.moved("ukssdc", [Job.Anomaly.make({ taskId: "lc", reason: "gone" })])).toBe(true)
  })

  it("does not count UKSSDC steps, counters, logs or new text within a phase", () => {
    expect(Poll.moved("ukssdc", ticks)).toBe(false)
    expect(Poll.moved("ukssdc", [phase("running", "running")])).toBe(false)
    expect(Poll.moved("ukssdc", [])).toBe(false)
  })

  it("counts every event on a TOM, whose log and status words are its progress", () => {
    for (const event of [...ticks, phase("running", "running")]) expect(Poll.moved("tom", [event])).toBe(true)
    expect(Poll.moved("tom", [])).toBe(false)
  })
})

describe("Poll.next", () => {
  const quiet = snapshot([task("lc", "running")]) // no steps, so no estimate

  it("backs off geometrically to the ceiling while quiet, and returns to the floor when a phase changes", () => {
    let state = Poll.initial(Poll.ukssdc)
    const delays: Array<number> = []
    for (let poll = 0; poll < 8; poll++) {
      const decision = Poll.next(Poll.ukssdc, state, { snapshot: quiet, events: [] }, 0)
      expect(decision.reason).toBe("backoff")
      delays.push(seconds(decision.delay))
      state = decision.state
    }
    expect(delays).toEqual([15, 22.5, 33.75, 50.625, 75.9375, 113.90625, 120, 120])
    expect(state.quietPolls).toBe(8)
    const events = [
      Job.PhaseChanged.make({ taskId: "lc", from: "running", to: "succeeded", code: 4, text: "Complete" })
    ]
    const moved = Poll.next(
      Poll.ukssdc,
      state,
      { snapshot: snapshot([task("lc", "running"), task("spec", "queued")]), events },
      0
    )
    expect([moved.reason, seconds(moved.delay), moved.state.quietPolls]).toEqual(["moved", 10, 0])
    const after = Poll.next(Poll.ukssdc, moved.state, { snapshot: quiet, events: [] }, 0)
    expect(seconds(after.delay)).toBe(15)
  })

  it("keeps backing off while only counters tick on a UKSSDC job, and not on a TOM", () => {
    const tick = [
      Job.CounterAdvanced.make({
        taskId: "lc",
        at: { indices: [0], labels: ["Extract data."] },
        to: { current: 3, total: 9 }
      })
    ]
    let state = Poll.initial(Poll.ukssdc)
    for (let poll = 0; poll < 3; poll++)
      state = Poll.next(Poll.ukssdc, state, { snapshot: quiet, events: tick }, 0).state
    expect(state.wait).toBe(33_750)
    const tom = snapshot([task("p", "running")], 0, "tom")
    const log = [Job.LogAppended.make({ taskId: "p", text: "Reducing frame 3 of 40\n" })]
    const stateTom = Poll.next(Poll.tom, Poll.initial(Poll.tom), { snapshot: tom, events: [] }, 0).state
    const decision = Poll.next(Poll.tom, stateTom, { snapshot: tom, events: log }, 0)
    expect([decision.reason, seconds(decision.delay)]).toEqual(["moved", 1])
  })

  it("adds jitter, up to `jitter` of the wait and never less than it", () => {
    const delayWith = (random: number) =>
      ms(Poll.next(Poll.ukssdc, Poll.initial(Poll.ukssdc), { snapshot: quiet, events: [] }, random).delay)
    expect(delayWith(0)).toBe(15_000)
    expect(delayWith(0.5)).toBeCloseTo(15_750, 6)
    expect(delayWith(0.999999)).toBeLessThan(16_500)
    expect(delayWith(0.999999)).toBeGreaterThan(16_499)
  })

  it("honours a Retry-After longer than the delay, and keeps the delay when it is shorter", () => {
    const state = Poll.initial(Poll.ukssdc)
    const long = Poll.next(
      Poll.ukssdc,
      state,
      { snapshot: quiet, events: [], retryAfter: Duration.minutes(5) },
      0
    )
    expect([long.reason, seconds(long.delay)]).toEqual(["retry-after", 300])
    const short = Poll.next(
      Poll.ukssdc,
      state,
      { snapshot: quiet, events: [], retryAfter: Duration.seconds(3) },
      0
    )
    expect([short.reason, seconds(short.delay)]).toEqual(["backoff", 15])
  })

  it("waits a fraction of the remaining time, between floor and ceiling", () => {
    const decide = (remaining: number) => {
      // partWay(0.5, r) has r more to go.
      const decision = Poll.next(
        Poll.ukssdc,
        Poll.initial(Poll.ukssdc),
        { snapshot: snapshot([partWay("spec", 0.5, remaining)]), events: [] },
        0
      )
      return [decision.reason, seconds(decision.delay), seconds(decision.eta!)]
    }
    expect(decide(200_000)).toEqual(["eta", 60, 200])
    expect(decide(20_000)).toEqual(["eta", 10, 20])
    expect(decide(2_000_000)).toEqual(["eta", 120, 2000])
  })

  it("waits for the estimated tasks even when another one has none yet", () => {
    const events = [
      Job.PhaseChanged.make({ taskId: "psf", from: "queued", to: "running", code: 3, text: "Running" })
    ]
    const seen = snapshot([partWay("spec", 0.5, 200_000), task("xastrom", "waiting")])
    const decision = Poll.next(Poll.ukssdc, Poll.initial(Poll.ukssdc), { snapshot: seen, events }, 0)
    expect([decision.reason, seconds(decision.delay), decision.eta]).toEqual(["eta", 60, undefined])
    expect(decision.state.wait).toBe(10_000)
  })

  it("counts the estimate down while a step without a counter runs, instead of letting it grow", () => {
    // Three of four steps done after 300 s: 100 s more, at the pace so far.
    const steps = ["a", "b", "c"].map((label) => Progress.make(label, "done"))
    const lastStep = (elapsed: number) =>
      task("image", "running", {
        steps: [...steps, Progress.make("d", "active")],
        elapsed: Duration.seconds(elapsed)
      })
    const first = Poll.next(
      Poll.ukssdc,
      Poll.initial(Poll.ukssdc),
      { snapshot: snapshot([lastStep(300)]), events: [] },
      0
    )
    expect([seconds(first.delay), seconds(first.eta!)]).toEqual([30, 100])
    const later = snapshot([lastStep(330)], 30_000)
    const second = Poll.next(Poll.ukssdc, first.state, { snapshot: later, events: [] }, 0)
    expect(seconds(second.eta!)).toBe(70) // not 330 / 3 = 110
    expect(seconds(Poll.eta(later)!)).toBe(110) // a single snapshot cannot know
  })

  it("times a product that starts its steps over from the restart, not from its first start", () => {
    const steps = (done: number) =>
      ["a", "b", "c"].map((label, i) =>
        Progress.make(label, i < done ? "done" : i === done ? "active" : "pending")
      )
    const seen = (done: number, millis: number) =>
      snapshot(
        [task("enh", "running", { steps: steps(done), elapsed: Duration.millis(600_000 + millis) })],
        millis
      )
    let state = Poll.next(
      Poll.ukssdc,
      Poll.initial(Poll.ukssdc),
      { snapshot: seen(2, 0), events: [] },
      0
    ).state
    // Back to the first step, seen 20 s later: the restart is taken at 10 s, 610 s into the run.
    const restarted = Poll.next(Poll.ukssdc, state, { snapshot: seen(0, 20_000), events: [] }, 0)
    expect(restarted.eta).toBeUndefined()
    state = restarted.state
    // One step of the new pass done, seen at 220 s: taken at 120 s, so 110 s for a third, 220 s for the rest,
    // of which 100 s have passed.
    const decision = Poll.next(Poll.ukssdc, state, { snapshot: seen(1, 220_000), events: [] }, 0)
    expect(seconds(decision.eta!)).toBe(120)
    expect(seconds(Poll.eta(seen(1, 220_000))!)).toBe(1640) // from the first start: 820 s × 2
  })

  it("polls at the floor for six polls past the estimated finish, then backs off", () => {
    // A step without a counter, estimated to end 20 s after the first poll, that never does.
    const stuck = (millis: number) =>
      snapshot(
        [
          task("image", "running", {
            steps: [Progress.make("a", "done"), Progress.make("b", "active")],
            elapsed: Duration.millis(20_000 + millis)
          })
        ],
        millis
      )
    const { decisions } = watch(
      Poll.ukssdc,
      (t) => (t > 600_000 ? snapshot([task("image", "succeeded")], t) : stuck(t)),
      () => 0
    )
    const overdue = decisions.filter((decision) => decision.reason === "overdue").map((d) => seconds(d.delay))
    expect(decisions[0]!.reason).toBe("eta")
    expect(overdue.slice(0, 9)).toEqual([10, 10, 10, 10, 10, 10, 15, 22.5, 33.75])
    expect(Math.max(...overdue)).toBe(120)
  })

  it("closes in on the finish of a task that moves evenly: within the floor, with far fewer polls", () => {
    for (const minutes of [10, 20, 30, 60]) {
      const duration = minutes * 60_000
      const { polls } = watch(Poll.ukssdc, linearJob(duration), seeded(minutes))
      const detected = polls.at(-1)!
      expect(detected).toBeGreaterThanOrEqual(duration)
      expect(detected - duration).toBeLessThan(11_000) // the floor, plus at most 10 % jitter
      const fixedPolls = Math.ceil(duration / 10_000) + 1 // every 10 s, until one sees it finished
      expect(polls.length).toBeLessThan(fixedPolls / 3)
    }
  })

  it("reports a finished job as finished, whatever the server asks", () => {
    const decision = Poll.next(
      Poll.ukssdc,
      Poll.initial(Poll.ukssdc),
      {
        snapshot: snapshot([task("lc", "succeeded"), task("spec", "failed")]),
        events: [],
        retryAfter: Duration.minutes(1)
      },
      0
    )
    expect([decision.reason, seconds(decision.delay), decision.eta]).toEqual(["finished", 60, undefined])
  })
})

describe("Poll.afterFailure", () => {
  it("backs off from the last wait, never under the floor", () => {
    const first = Poll.afterFailure(Poll.ukssdc, Poll.initial(Poll.ukssdc), undefined, 0)
    expect([first.reason, seconds(first.delay)]).toEqual(["failure", 15])
    const second = Poll.afterFailure(Poll.ukssdc, first.state, undefined, 0)
    expect(seconds(second.delay)).toBe(22.5)
    const tiny = Poll.afterFailure(Poll.ukssdc, { ...Poll.initial(Poll.ukssdc), wait: 1 }, undefined, 0)
    expect(seconds(tiny.delay)).toBe(15)
  })

  it("waits at least the Retry-After, even past the ceiling", () => {
    const decision = Poll.afterFailure(Poll.ukssdc, Poll.initial(Poll.ukssdc), Duration.minutes(10), 0)
    expect([decision.reason, seconds(decision.delay)]).toEqual(["retry-after", 600])
  })

  it("keeps what it knew of the job", () => {
    const seen = Poll.next(
      Poll.ukssdc,
      Poll.initial(Poll.ukssdc),
      { snapshot: snapshot([partWay("spec", 0.5, 200_000)]), events: [] },
      0
    )
    const failed = Poll.afterFailure(Poll.ukssdc, seen.state, undefined, 0)
    expect({ ...failed.state, wait: seen.state.wait }).toEqual(seen.state)
  })
})

describe("Poll.capToDeadline", () => {
  const now = at(0)
  const delay = Duration.seconds(30)

  it("ends a delay at the deadline at the latest", () => {
    expect(Poll.capToDeadline(delay, now, undefined)).toBe(delay)
    expect(seconds(Poll.capToDeadline(delay, now, at(60_000)))).toBe(30)
    expect(seconds(Poll.capToDeadline(delay, now, at(5_000)))).toBe(5)
    expect(seconds(Poll.capToDeadline(delay, now, at(-5_000)))).toBe(0)
  })
})

/** A policy as any caller could make it, safe or not. */
const PolicyInput = Schema.Struct({
  api: Schema.Literals(["ukssdc", "too", "tom", "another-observatory"]),
  floor: Schema.Finite.check(Schema.isBetween({ minimum: 1, maximum: 600_000 })),
  unsafe: Schema.Boolean,
  ceilingTimes: Schema.Finite.check(Schema.isBetween({ minimum: 1, maximum: 50 })),
  backoff: Schema.Finite.check(Schema.isBetween({ minimum: 1, maximum: 4 })),
  jitter: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 })),
  etaFraction: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMinimum: true }))
})

const policyOf = (input: typeof PolicyInput.Type): Poll.Policy => {
  const floor = input.unsafe ? input.floor : Math.max(input.floor, ms(Poll.politeFloor(input.api)))
  return Poll.make(input.api, {
    ...(input.unsafe ? { unsafeFloor: input.floor } : { floor: input.floor }),
    ceiling: floor * input.ceilingTimes,
    backoff: input.backoff,
    jitter: input.jitter,
    etaFraction: input.etaFraction
  })
}

/** One poll: what it saw, or that it failed; the server's Retry-After; the random draw. */
const PollInput = Schema.Struct({
  snapshot: Schema.UndefinedOr(Job.Snapshot),
  events: Schema.Array(Job.Event),
  retryAfter: Schema.UndefinedOr(Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 3_600_000 }))),
  random: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMaximum: true }))
})

describe("Poll guarantees", () => {
  it.prop(
    "never waits under the floor nor under a Retry-After, nor past the ceiling and jitter unless asked",
    [PolicyInput, Schema.Array(PollInput).check(Schema.isMaxLength(12))],
    ([input, polls]) => {
      const policy = policyOf(input)
      let state = Poll.initial(policy)
      for (const poll of polls) {
        const retryAfter = poll.retryAfter === undefined ? undefined : Duration.millis(poll.retryAfter)
        const decision =
          poll.snapshot === undefined
            ? Poll.afterFailure(policy, state, retryAfter, poll.random)
            : Poll.next(
                policy,
                state,
                {
                  snapshot: poll.snapshot,
                  events: poll.events,
                  ...(retryAfter === undefined ? {} : { retryAfter })
                },
                poll.random
              )
        const delay = ms(decision.delay)
        expect(delay).toBeGreaterThanOrEqual(ms(policy.floor))
        const asked = retryAfter === undefined ? 0 : ms(retryAfter)
        expect(delay).toBeGreaterThanOrEqual(asked)
        // Durations hold whole nanoseconds, so the bound may be passed by less than one.
        expect(delay).toBeLessThanOrEqual(Math.max(ms(policy.ceiling), asked) * (1 + policy.jitter) + 1e-6)
        expectJsonRoundTrip(Poll.State, decision.state)
        state = decision.state
      }
    },
    { timeout: 60_000, arbitrary: { runs: 200 } }
  )

  it.prop(
    "finds a task whose counter ticks at least every 10 s finished within the floor of its end, whatever the jitter",
    [
      Schema.Finite.check(Schema.isBetween({ minimum: 60_000, maximum: 7_200_000 })),
      Schema.Finite.check(Schema.isBetween({ minimum: 100, maximum: 10_000 })),
      Schema.Int
    ],
    ([duration, tick, seed]) => {
      const { polls } = watch(Poll.ukssdc, linearJob(duration, Math.ceil(duration / tick)), seeded(seed))
      const gaps = polls.slice(1).map((t, i) => t - polls[i]!)
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(10_000)
      expect(polls.at(-1)! - duration).toBeLessThan(11_000)
    },
    { arbitrary: { runs: 100 } }
  )
})

describe("Poll.State", () => {
  it("survives JSON text mid-job, and the policy carries on from it", () => {
    const job = linearJob(20 * 60_000)
    let state = Poll.initial(Poll.ukssdc)
    let previous = job(0)
    for (let t = 0; t <= 600_000; t += 120_000) {
      const seen = job(t)
      state = Poll.next(Poll.ukssdc, state, { snapshot: seen, events: Job.diff(previous, seen) }, 0.3).state
      previous = seen
    }
    expect(state.tasks).toHaveLength(1)
    expect(state.expectedAt).toBeTypeOf("number")
    const restored = Schema.decodeUnknownSync(Poll.State)(JSON.parse(JSON.stringify(state)))
    expect(restored).toEqual(state)
    const observation = { snapshot: job(660_000), events: [] }
    expect(Poll.next(Poll.ukssdc, restored, observation, 0.3)).toEqual(
      Poll.next(Poll.ukssdc, state, observation, 0.3)
    )
  })

  it("refuses a state that is not one", () => {
    const result = DecodeError.decodeJson(
      Poll.State,
      "poll state"
    )('{"wait":"soon","quietPolls":-1,"tasks":[]}')
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isFailure(result)) expect(result.failure.message).toMatch(/^poll state: at wait: /)
  })
})

describe("the README's Polling policy example", () => {
  it("decides what its comment says: an ETA of 3m 20s, so the next poll in a minute", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    expect(readme).toContain("// eta 3m 20s 1m")
    const policy = Poll.make("ukssdc")
    const spec: Job.Task = {
      id: "spec",
      label: "Spectrum",
      phase: "running",
      code: 3,
      text: "Running",
      elapsed: Duration.minutes(10),
      steps: [
        Progress.make("Prepare data.", "done"),
        Progress.make("Build spectra.", "active", { extra: "(79/156)" })
      ]
    }
    const snapshot: Job.Snapshot = { source: "ukssdc", jobId: "7", tasks: [spec], observedAt: new Date() }
    const decision = Poll.next(policy, Poll.initial(policy), { snapshot, events: [] }, 0)
    expect([decision.reason, Duration.format(decision.eta!), Duration.format(decision.delay)]).toEqual([
      "eta",
      "3m 20s",
      "1m"
    ])
  })
})
