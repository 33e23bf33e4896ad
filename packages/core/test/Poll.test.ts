import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import {
  DecodeError,
  Eta,
  Job,
  Lifecycle,
  type Phase,
  Poll,
  Progress,
  Source,
  Tom,
  Too,
  Ukssdc
} from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
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
    const events = previous === undefined ? [] : Job.diff(previous, seen, policy.source)
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

/** The default policies of the built-in APIs, and of an API no registry knows. */
const ukssdc = Poll.make(Ukssdc.source)
const too = Poll.make(Too.source)
const tom = Poll.make(Tom.source)
const another = Source.unknown("another-observatory")

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
    expect(summary(ukssdc)).toEqual([10, 120, 1.5])
    expect(summary(too)).toEqual([1, 15, 1.5])
    expect(summary(tom)).toEqual([1, 60, 1.5])
    expect(summary(Poll.make(another))).toEqual([5, 60, 1.5])
    expect([ukssdc.jitter, ukssdc.etaFraction]).toEqual([0.1, 0.3])
    expect(ukssdc.source).toBe(Ukssdc.source)
  })

  it("takes its defaults from the Source, so a third party's API gets its own", () => {
    const uws = Source.make({
      id: "uws",
      name: "UWS",
      lifecycle: Lifecycle.generic,
      polling: { floor: 2_000, politeFloor: 2_000, ceiling: 30_000, backoff: 2, jitter: 0, etaFraction: 0.5 }
    })
    const policy = Poll.make(uws)
    expect([
      seconds(policy.floor),
      seconds(policy.ceiling),
      policy.backoff,
      policy.jitter,
      policy.etaFraction
    ]).toEqual([2, 30, 2, 0, 0.5])
    expect(seconds(Poll.make(uws, { floor: "1 second" }).floor)).toBe(2)
    expect(seconds(Poll.politeFloor(uws))).toBe(2)
  })

  it("accepts any Duration input and raises a floor under what the API asks for", () => {
    expect(seconds(Poll.make(Ukssdc.source, { floor: "1 second" }).floor)).toBe(10)
    expect(seconds(Poll.make(Ukssdc.source, { floor: "30 seconds" }).floor)).toBe(30)
    expect(seconds(Poll.make(Too.source, { floor: 200 }).floor)).toBe(1)
    expect(seconds(Poll.make(another, { floor: Duration.seconds(2) }).floor)).toBe(2)
    expect(seconds(Poll.make(Tom.source, { ceiling: { minutes: 5 } }).ceiling)).toBe(300)
  })

  it("divides the defaults and the politeness floor by a simulator's speed", () => {
    const fast = Poll.make(Ukssdc.source, { speed: 60 })
    expect(ms(fast.floor)).toBeCloseTo(10_000 / 60)
    expect(ms(fast.ceiling)).toBe(2_000)
    expect(ms(Poll.make(Too.source, { speed: 10 }).floor)).toBe(100)
    expect(ms(Poll.make(Ukssdc.source, { speed: 60, floor: "1 millis" }).floor)).toBeCloseTo(10_000 / 60)
    expect(ms(Poll.make(Ukssdc.source, { speed: 60, ceiling: "1 minute" }).ceiling)).toBe(60_000)
    expect(Poll.make(Ukssdc.source, { speed: 1 })).toEqual(ukssdc)
  })

  it("goes under the politeness floor only through unsafeFloor", () => {
    expect(ms(Poll.make(Ukssdc.source, { unsafeFloor: "50 millis" }).floor)).toBe(50)
    expect(ms(Poll.make(Too.source, { unsafeFloor: 10 }).floor)).toBe(10)
  })

  it.prop(
    "never sets a UKSSDC floor under 10 s without unsafeFloor",
    [Schema.Finite.check(Schema.isBetween({ minimum: 0.001, maximum: 1_000_000 }))],
    ([floor]) => {
      expect(ms(Poll.make(Ukssdc.source, { floor }).floor)).toBeGreaterThanOrEqual(10_000)
    }
  )

  it("raises the default ceiling to a floor above it", () => {
    const slow = Poll.make(Ukssdc.source, { floor: "5 minutes" })
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
      expect(() => Poll.make(Ukssdc.source, options)).toThrow(RangeError)
      expect(() => Poll.make(Ukssdc.source, options)).toThrow(message)
    }
  )
})

describe("movement, as the policy's Source judges it", () => {
  const phase = (from: Phase.Phase, to: Phase.Phase): Job.Event =>
    Job.PhaseChanged.make({ taskId: "lc", from, to, code: 3, text: "Running" })
  const at0 = { indices: [0], labels: ["Build spectra."] }
  const ticks: ReadonlyArray<Job.Event> = [
    Job.CounterAdvanced.make({ taskId: "spec", at: at0, to: { current: 15, total: 156 } }),
    Job.StepStarted.make({ taskId: "spec", at: at0 }),
    Job.StepDone.make({ taskId: "spec", at: at0 }),
    Job.LogAppended.make({ taskId: "spec", text: "line\n" })
  ]

  const output = Job.OutputAdded.make({
    taskId: "lc",
    output: { id: "archive", label: "Light curve archive" }
  })

  it("counts new tasks, phase changes, anomalies and new outputs", () => {
    expect(Ukssdc.source.moved([output])).toBe(true)
    expect(Source.milestones([output])).toBe(true)
    expect(Ukssdc.source.moved([phase("running", "succeeded")])).toBe(true)
    expect(Too.source.moved([Job.TaskAdded.make({ taskId: "1", phase: "queued" })])).toBe(true)
    expect(Ukssdc.source.moved([Job.Anomaly.make({ taskId: "lc", reason: "gone" })])).toBe(true)
  })

  it("does not count UKSSDC steps, counters, logs, new text within a phase or a changed output", () => {
    expect(Ukssdc.source.moved([Job.OutputChanged.make({ taskId: "lc", output: output.output })])).toBe(false)
    expect(Ukssdc.source.moved(ticks)).toBe(false)
    expect(Ukssdc.source.moved([phase("running", "running")])).toBe(false)
    expect(Ukssdc.source.moved([])).toBe(false)
  })

  it("counts every event on a TOM, whose log and status words are its progress", () => {
    for (const event of [...ticks, phase("running", "running")]) expect(Tom.source.moved([event])).toBe(true)
    expect(Tom.source.moved([])).toBe(false)
    expect(Tom.source.moved).toBe(Source.anyEvent)
  })
})

describe("Poll.next", () => {
  const quiet = snapshot([task("lc", "running")]) // no steps, so no estimate

  it("backs off geometrically to the ceiling while quiet, and returns to the floor when a phase changes", () => {
    let state = Poll.initial(ukssdc)
    const delays: Array<number> = []
    for (let poll = 0; poll < 8; poll++) {
      const decision = Poll.next(ukssdc, state, { snapshot: quiet, events: [] }, 0)
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
      ukssdc,
      state,
      { snapshot: snapshot([task("lc", "running"), task("spec", "queued")]), events },
      0
    )
    expect([moved.reason, seconds(moved.delay), moved.state.quietPolls]).toEqual(["moved", 10, 0])
    const after = Poll.next(ukssdc, moved.state, { snapshot: quiet, events: [] }, 0)
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
    let state = Poll.initial(ukssdc)
    for (let poll = 0; poll < 3; poll++)
      state = Poll.next(ukssdc, state, { snapshot: quiet, events: tick }, 0).state
    expect(state.wait).toBe(33_750)
    const process = snapshot([task("p", "running")], 0, "tom")
    const log = [Job.LogAppended.make({ taskId: "p", text: "Reducing frame 3 of 40\n" })]
    const stateTom = Poll.next(tom, Poll.initial(tom), { snapshot: process, events: [] }, 0).state
    const decision = Poll.next(tom, stateTom, { snapshot: process, events: log }, 0)
    expect([decision.reason, seconds(decision.delay)]).toEqual(["moved", 1])
  })

  it("adds jitter, up to `jitter` of the wait and never less than it", () => {
    const delayWith = (random: number) =>
      ms(Poll.next(ukssdc, Poll.initial(ukssdc), { snapshot: quiet, events: [] }, random).delay)
    expect(delayWith(0)).toBe(15_000)
    expect(delayWith(0.5)).toBeCloseTo(15_750, 6)
    expect(delayWith(0.999999)).toBeLessThan(16_500)
    expect(delayWith(0.999999)).toBeGreaterThan(16_499)
  })

  it("honours a Retry-After longer than the delay, and keeps the delay when it is shorter", () => {
    const state = Poll.initial(ukssdc)
    const long = Poll.next(ukssdc, state, { snapshot: quiet, events: [], retryAfter: Duration.minutes(5) }, 0)
    expect([long.reason, seconds(long.delay)]).toEqual(["retry-after", 300])
    const short = Poll.next(
      ukssdc,
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
        ukssdc,
        Poll.initial(ukssdc),
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
    const decision = Poll.next(ukssdc, Poll.initial(ukssdc), { snapshot: seen, events }, 0)
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
      ukssdc,
      Poll.initial(ukssdc),
      { snapshot: snapshot([lastStep(300)]), events: [] },
      0
    )
    expect([seconds(first.delay), seconds(first.eta!)]).toEqual([30, 100])
    const later = snapshot([lastStep(330)], 30_000)
    const second = Poll.next(ukssdc, first.state, { snapshot: later, events: [] }, 0)
    expect(seconds(second.eta!)).toBe(70) // not 330 / 3 = 110
    expect(seconds(Eta.ofJob(later)!)).toBe(110) // a single snapshot cannot know
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
    let state = Poll.next(ukssdc, Poll.initial(ukssdc), { snapshot: seen(2, 0), events: [] }, 0).state
    // Back to the first step, seen 20 s later: the restart is taken at 10 s, 610 s into the run.
    const restarted = Poll.next(ukssdc, state, { snapshot: seen(0, 20_000), events: [] }, 0)
    expect(restarted.eta).toBeUndefined()
    state = restarted.state
    // One step of the new pass done, seen at 220 s: taken at 120 s, so 110 s for a third, 220 s for the rest,
    // of which 100 s have passed.
    const decision = Poll.next(ukssdc, state, { snapshot: seen(1, 220_000), events: [] }, 0)
    expect(seconds(decision.eta!)).toBe(120)
    expect(seconds(Eta.ofJob(seen(1, 220_000))!)).toBe(1640) // from the first start: 820 s × 2
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
      ukssdc,
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
      const { polls } = watch(ukssdc, linearJob(duration), seeded(minutes))
      const detected = polls.at(-1)!
      expect(detected).toBeGreaterThanOrEqual(duration)
      expect(detected - duration).toBeLessThan(11_000) // the floor, plus at most 10 % jitter
      const fixedPolls = Math.ceil(duration / 10_000) + 1 // every 10 s, until one sees it finished
      expect(polls.length).toBeLessThan(fixedPolls / 3)
    }
  })

  it("waits a fraction of the time to the server's own expected end, with no steps to estimate from", () => {
    const quoted = task("job", "running", { expectedEnd: at(200_000) })
    const decision = Poll.next(ukssdc, Poll.initial(ukssdc), { snapshot: snapshot([quoted]), events: [] }, 0)
    expect([decision.reason, seconds(decision.delay), seconds(decision.eta!)]).toEqual(["eta", 60, 200])
    // Without it, the same task has no estimate: the policy backs off.
    const unquoted = Poll.next(ukssdc, Poll.initial(ukssdc), { snapshot: quiet, events: [] }, 0)
    expect([unquoted.reason, unquoted.eta]).toEqual(["backoff", undefined])
    // Once the expected end has passed, polls stay at the floor.
    const late = snapshot([quoted], 250_000)
    const overdue = Poll.next(ukssdc, decision.state, { snapshot: late, events: [] }, 0)
    expect([overdue.reason, seconds(overdue.delay), seconds(overdue.eta!)]).toEqual(["overdue", 10, 0])
  })

  it("takes a new output as movement, back at the floor", () => {
    let state = Poll.initial(ukssdc)
    for (let poll = 0; poll < 4; poll++)
      state = Poll.next(ukssdc, state, { snapshot: quiet, events: [] }, 0).state
    const events = [
      Job.OutputAdded.make({ taskId: "lc", output: { id: "archive", label: "Light curve archive" } })
    ]
    const decision = Poll.next(ukssdc, state, { snapshot: quiet, events }, 0)
    expect([decision.reason, seconds(decision.delay)]).toEqual(["moved", 10])
  })

  it("asks the policy's Source what counts as movement", () => {
    const stoic = Source.make({
      id: "stoic",
      name: "Stoic",
      lifecycle: Lifecycle.generic,
      moved: () => false
    })
    const policy = Poll.make(stoic)
    const events = [
      Job.PhaseChanged.make({ taskId: "lc", from: "queued", to: "running", code: 3, text: "Running" })
    ]
    const decision = Poll.next(policy, Poll.initial(policy), { snapshot: quiet, events }, 0)
    expect([decision.reason, seconds(decision.delay)]).toEqual(["backoff", 7.5])
  })

  it("reports a finished job as finished, whatever the server asks", () => {
    const decision = Poll.next(
      ukssdc,
      Poll.initial(ukssdc),
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
    const first = Poll.afterFailure(ukssdc, Poll.initial(ukssdc), undefined, 0)
    expect([first.reason, seconds(first.delay)]).toEqual(["failure", 15])
    const second = Poll.afterFailure(ukssdc, first.state, undefined, 0)
    expect(seconds(second.delay)).toBe(22.5)
    const tiny = Poll.afterFailure(ukssdc, { ...Poll.initial(ukssdc), wait: 1 }, undefined, 0)
    expect(seconds(tiny.delay)).toBe(15)
  })

  it("waits at least the Retry-After, even past the ceiling", () => {
    const decision = Poll.afterFailure(ukssdc, Poll.initial(ukssdc), Duration.minutes(10), 0)
    expect([decision.reason, seconds(decision.delay)]).toEqual(["retry-after", 600])
  })

  it("keeps what it knew of the job", () => {
    const seen = Poll.next(
      ukssdc,
      Poll.initial(ukssdc),
      { snapshot: snapshot([partWay("spec", 0.5, 200_000)]), events: [] },
      0
    )
    const failed = Poll.afterFailure(ukssdc, seen.state, undefined, 0)
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

const sources = { ukssdc: Ukssdc.source, too: Too.source, tom: Tom.source, "another-observatory": another }

const policyOf = (input: typeof PolicyInput.Type): Poll.Policy => {
  const source = sources[input.api]
  const floor = input.unsafe ? input.floor : Math.max(input.floor, ms(Poll.politeFloor(source)))
  return Poll.make(source, {
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
      const { polls } = watch(ukssdc, linearJob(duration, Math.ceil(duration / tick)), seeded(seed))
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
    let state = Poll.initial(ukssdc)
    let previous = job(0)
    for (let t = 0; t <= 600_000; t += 120_000) {
      const seen = job(t)
      state = Poll.next(
        ukssdc,
        state,
        { snapshot: seen, events: Job.diff(previous, seen, Ukssdc.source) },
        0.3
      ).state
      previous = seen
    }
    expect(state.tasks).toHaveLength(1)
    expect(state.expectedAt).toBeTypeOf("number")
    const restored = Schema.decodeUnknownSync(Poll.State)(JSON.parse(JSON.stringify(state)))
    expect(restored).toEqual(state)
    const observation = { snapshot: job(660_000), events: [] }
    expect(Poll.next(ukssdc, restored, observation, 0.3)).toEqual(Poll.next(ukssdc, state, observation, 0.3))
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
    const policy = Poll.make(Ukssdc.source)
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
