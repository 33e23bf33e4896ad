import { assert, describe, it } from "@effect/vitest"
import { Job, Poll, Source } from "@jobscope/core"
import { FetchError, Follow, Followable, Poller, type Transport } from "@jobscope/fetch"
import { Lockstep, type StartOptions } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import {
  arrivals,
  checkUkssdcWatch,
  epoch,
  failed,
  gaps,
  lastObserved,
  observed,
  type Simulated,
  simulated,
  stallAware,
  submit,
  type Through
} from "./support/simulated.js"

const minute = 60_000

/** Submits the six-product job and watches it on a simulator started with `options`, until the watch ends. */
const watched = (
  options: {
    readonly sim?: StartOptions
    readonly transport?: Transport.Options
    readonly through?: Through
    readonly watch?: Follow.Options
    /** Runs alongside the watch, e.g. to inject a fault later. */
    readonly meanwhile?: (simulated: Simulated) => Effect.Effect<void>
  } = {}
) =>
  Effect.gen(function* () {
    const simulation = yield* simulated(options.sim, options.transport, options.through)
    const exit = yield* simulation.run(
      Effect.gen(function* () {
        const ref = yield* submit()
        if (options.meanwhile !== undefined) yield* Effect.forkChild(options.meanwhile(simulation))
        const updates: Array<Poller.Update<unknown>> = []
        const end = yield* Effect.result(
          Stream.runForEach(Follow.watch(ref, options.watch), (update) =>
            Effect.sync(() => updates.push(update))
          )
        )
        return { updates, end }
      })
    )
    return { ...simulation, ...exit }
  })

/** The status requests a fault spoiled, as the simulator logged them. */
const spoiled = (sim: Simulated["sim"]) =>
  sim.requests
    .log({ route: "ukssdc.status" })
    .filter((entry) => entry.fault !== null && !/^latency:\d+ms$/.test(entry.fault))

describe("Poller, every fault mode of the simulator", () => {
  const cases: ReadonlyArray<{
    readonly name: string
    readonly faults: ReadonlyArray<string>
    readonly error: FetchError.FetchError["_tag"] | undefined
    readonly transport?: Transport.Options
    readonly through?: Through
  }> = [
    {
      name: "503 bursts",
      faults: ["ukssdc.status=503x3", "ukssdc.status=503@0.1"],
      error: "HttpStatusError"
    },
    { name: "connection resets at a rate", faults: ["ukssdc.status=reset@0.2"], error: "Unreachable" },
    { name: "latency on every request", faults: ["*=latency:5-25ms"], error: undefined },
    {
      name: "stalled replies, cut by the transport's timeout",
      faults: ["ukssdc.status=stall@0.15"],
      error: "RequestTimeout",
      transport: { timeout: "20 seconds" },
      through: stallAware
    },
    { name: "malformed JSON", faults: ["ukssdc.status=malformed@0.2"], error: "InvalidReply" },
    { name: "an HTML page at 200", faults: ["ukssdc.status=html@0.2"], error: "InvalidReply" }
  ]

  for (const fault of cases) {
    it.effect(
      `${fault.name}: reaches the end, each change once, a PollFailed per failed poll, never under 10 s`,
      () =>
        Effect.gen(function* () {
          const { sim, updates, end } = yield* watched({
            sim: { faults: fault.faults },
            // No retries: every request is a poll of its own, and every failure shows.
            transport: { retries: 0, ...fault.transport },
            ...(fault.through === undefined ? {} : { through: fault.through })
          })
          assert.isTrue(Result.isSuccess(end))
          checkUkssdcWatch(sim, 1, updates)
          assert.strictEqual(Job.outcome(lastObserved(updates).snapshot), "succeeded")
          const failures = failed(updates)
          assert.strictEqual(failures.length, spoiled(sim).length)
          if (fault.error === undefined) assert.strictEqual(failures.length, 0)
          else assert.isAtLeast(failures.length, 2)
          for (const failure of failures) {
            assert.strictEqual(failure.error._tag, fault.error)
            assert.match(failure.error.message, /^UKSSDC status of job 1 \(/)
            assert.strictEqual(failure.next.reason, "failure")
            // The previous answer is what the next one is diffed against.
            assert.deepStrictEqual(
              failure.state.last,
              lastSnapshot(updates.slice(0, updates.indexOf(failure)))
            )
          }
          const polls = arrivals(sim, "ukssdc.status")
          assert.strictEqual(polls.length, updates.length)
          assert.isTrue(
            gaps(polls).every((gap) => gap >= 10_000),
            `polls ${gaps(polls).join(", ")} ms apart`
          )
        }).pipe(Random.withSeed(1))
    )
  }

  it.effect("429 with Retry-After: the next poll waits at least that long", () =>
    Effect.gen(function* () {
      const { sim, updates, end } = yield* watched({
        sim: { faults: ["ukssdc.status=429:retry-after=45@0.2"] },
        transport: { retries: 0 }
      })
      assert.isTrue(Result.isSuccess(end))
      checkUkssdcWatch(sim, 1, updates)
      const failures = failed(updates)
      assert.isAtLeast(failures.length, 2)
      assert.strictEqual(failures.length, spoiled(sim).length)
      const polls = arrivals(sim, "ukssdc.status")
      for (const failure of failures) {
        assert.strictEqual(failure.error._tag === "HttpStatusError" && failure.error.retryAfter, 45_000)
        const index = updates.indexOf(failure)
        assert.isAtLeast(failure.next.at.getTime() - polls[index]!, 45_000)
        assert.isAtLeast(polls[index + 1]! - polls[index]!, 45_000)
      }
      // Where the back-off alone would have come back sooner, the server's wait is the reason.
      assert.isTrue(failures.some((failure) => failure.next.reason === "retry-after"))
    }).pipe(Random.withSeed(2))
  )

  it.effect("with the transport's own retries too, no two requests reach the job under 10 s apart", () =>
    Effect.gen(function* () {
      const { sim, updates, end } = yield* watched({
        sim: { faults: ["ukssdc.status=503@0.3", "ukssdc.status=reset@0.1"] }
      })
      assert.isTrue(Result.isSuccess(end))
      checkUkssdcWatch(sim, 1, updates)
      // Retries within a poll come a second or two after a spoiled request, which never reached the job.
      assert.isAbove(spoiled(sim).length, 3)
      const reached = arrivals(sim, "ukssdc.status", "ukssdc/1")
      assert.isTrue(
        gaps(reached).every((gap) => gap >= 10_000),
        `requests reached the job ${gaps(reached).join(", ")} ms apart`
      )
      assert.isAtLeast(sim.requests.job("ukssdc/1")!.minInterval!, 10_000)
    }).pipe(Random.withSeed(3))
  )

  it.effect("gives up after persistent failure, keeping the last snapshot seen", () =>
    Effect.gen(function* () {
      const { sim, updates, end } = yield* watched({
        transport: { retries: 0 },
        watch: { maxFailures: 4 },
        // Four minutes in, the server starts failing every request.
        meanwhile: ({ sim }) =>
          Effect.delay(
            Effect.sync(() => sim.faults.add("ukssdc.status=503")),
            "4 minutes"
          )
      })
      assert(Result.isFailure(end))
      const error = end.failure
      assert(error instanceof Poller.GaveUp, `GaveUp, got ${String(error)}`)
      assert.strictEqual(error.failures, 4)
      assert.strictEqual(error.error._tag, "HttpStatusError")
      const answers = observed(updates)
      assert.deepStrictEqual(error.last, answers.at(-1)?.snapshot)
      assert.deepStrictEqual(
        updates.slice(answers.length).map((update) => update._tag),
        ["PollFailed", "PollFailed", "PollFailed"]
      )
      assert.match(
        error.message,
        /^UKSSDC job 1: gave up after 4 failed polls in a row; the last: UKSSDC status of job 1 .*HTTP 503/
      )
      assert.strictEqual(arrivals(sim, "ukssdc.status").length, answers.length + 4)
    }).pipe(Random.withSeed(4))
  )
})

describe("Poller, deadline", () => {
  const twentyMinutes: StartOptions = { ukssdc: { jobDuration: { min: "20 minutes", max: "20 minutes" } } }

  it.effect("fails with DeadlinePassed at the deadline, keeping the last snapshot, with no poll after", () =>
    Effect.gen(function* () {
      const { sim, lockstep, updates, end } = yield* watched({
        sim: twentyMinutes,
        watch: { deadline: "5 minutes" }
      })
      const deadline = epoch.getTime() + 5 * minute
      assert(Result.isFailure(end))
      const error = end.failure
      assert(error instanceof Poller.DeadlinePassed, `DeadlinePassed, got ${String(error)}`)
      assert.strictEqual(lockstep.now().getTime(), deadline)
      assert.strictEqual(error.deadline.getTime(), deadline)
      assert.deepStrictEqual(error.last, lastSnapshot(updates))
      assert.strictEqual(error.message, "UKSSDC job 1: not over by the deadline (2026-03-01T00:05:00.000Z)")
      assert.isTrue(arrivals(sim, "ukssdc.status").every((at) => at < deadline))
      assert.isAtLeast(updates.length, 5)
      assert.isTrue(
        updates.every((update) => update.next !== undefined && update.next.at.getTime() <= deadline)
      )
      assert.isAbove(sim.ukssdc.job(1)!.endsAt.getTime(), deadline + 10 * minute)
    }).pipe(Random.withSeed(5))
  )

  it.effect("ends at the deadline even while a poll hangs", () =>
    Effect.gen(function* () {
      const { sim, lockstep, updates, end } = yield* watched({
        sim: twentyMinutes,
        // The transport would wait ten minutes for a reply.
        transport: { retries: 0, timeout: "10 minutes", deadline: "20 minutes" },
        through: stallAware,
        watch: { deadline: "5 minutes" },
        meanwhile: ({ sim }) =>
          Effect.delay(
            Effect.sync(() => sim.faults.add("ukssdc.status=stall@1")),
            "3 minutes"
          )
      })
      assert(Result.isFailure(end))
      const error = end.failure
      assert(error instanceof Poller.DeadlinePassed, `DeadlinePassed, got ${String(error)}`)
      assert.strictEqual(lockstep.now().getTime(), epoch.getTime() + 5 * minute)
      assert.deepStrictEqual(error.last, lastSnapshot(updates))
      assert.isAtLeast(spoiled(sim).length, 1)
    }).pipe(Random.withSeed(6))
  )

  it.effect("fails waitFor too", () =>
    Effect.gen(function* () {
      const { lockstep, run } = yield* simulated(twentyMinutes)
      const error = yield* run(
        Effect.gen(function* () {
          const ref = yield* submit()
          return yield* Effect.flip(Follow.waitFor(ref, { deadline: "90 seconds" }))
        })
      )
      assert.strictEqual(error._tag, "DeadlinePassed")
      assert.strictEqual(lockstep.now().getTime(), epoch.getTime() + 90_000)
    }).pipe(Random.withSeed(7))
  )
})

/** The snapshot of the last answer. */
const lastSnapshot = (updates: ReadonlyArray<Poller.Update<unknown>>) => observed(updates).at(-1)?.snapshot

describe("Poller.stream, on its own", () => {
  /** A job of one task, in the phases given, one per poll; a FetchError stands for a failed poll. */
  const scripted = (script: ReadonlyArray<Job.Task["phase"] | FetchError.FetchError>) => {
    let polls = 0
    const request = Effect.suspend(() => {
      const step = script[Math.min(polls++, script.length - 1)]!
      return typeof step === "string" ? Effect.succeed(step) : Effect.fail(step)
    })
    const job = Followable.make({
      source,
      jobId: "7",
      name: "test job 7",
      request,
      toSnapshot: (phase: Job.Task["phase"], observedAt): Job.Snapshot => ({
        source: "test",
        jobId: "7",
        tasks: [{ id: "only", label: "Only", phase, code: phase, text: phase }],
        observedAt
      })
    })
    return { job, polls: () => polls }
  }
  const source = Source.unknown("test")
  const where = { endpoint: "Test status", url: "http://127.0.0.1/status", job: "7" }
  const unavailable = new FetchError.HttpStatusError({
    ...where,
    status: 503,
    excerpt: "Service Unavailable",
    attempts: 1,
    message: "Test status of job 7: HTTP 503"
  })
  const policy = Poll.make(source, { floor: "5 seconds", jitter: 0 })
  /** Runs a program that sleeps on the TestClock, moving the clock whenever it waits. */
  const run = <A, E>(effect: Effect.Effect<A, E>) =>
    Lockstep.make({ start: epoch, advance: () => {} }).run(effect)

  it.effect("bears failed polls in a row up to maxFailures, counting afresh after an answer", () =>
    Effect.gen(function* () {
      const { job } = scripted([
        "queued",
        unavailable,
        unavailable,
        "running",
        unavailable,
        unavailable,
        "succeeded"
      ])
      const updates = yield* run(Stream.runCollect(Poller.stream({ job, policy, maxFailures: 3 })))
      assert.deepStrictEqual(
        updates.map((update) => (update._tag === "Observed" ? update.reply : update.state.failures)),
        ["queued", 1, 2, "running", 1, 2, "succeeded"]
      )
      assert.deepStrictEqual(
        updates.flatMap((update) =>
          update._tag === "Observed" ? update.events.map((event) => event._tag) : []
        ),
        ["TaskAdded", "PhaseChanged", "PhaseChanged"]
      )
    })
  )

  it.effect("gives up after ten failed polls in a row by default", () =>
    Effect.gen(function* () {
      const { job, polls } = scripted(["queued", unavailable])
      const error = yield* run(Effect.flip(Stream.runCollect(Poller.stream({ job, policy }))))
      assert.strictEqual(error._tag, "GaveUp")
      assert.strictEqual(polls(), 11)
    })
  )

  it.effect("ends at once on a request it would not send", () =>
    Effect.gen(function* () {
      const invalid = new FetchError.InvalidRequest({
        ...where,
        problems: [],
        message: "Test status: no job"
      })
      const { job, polls } = scripted(["queued", invalid])
      const error = yield* run(Effect.flip(Stream.runCollect(Poller.stream({ job, policy }))))
      assert.strictEqual(error, invalid)
      assert.strictEqual(polls(), 2)
    })
  )

  it.effect("saves its state to JSON and resumes from it, waiting out the planned delay", () =>
    Effect.gen(function* () {
      const first = scripted(["queued", "running", "running", "succeeded"])
      const second = scripted(["running", "succeeded"])
      const { before, json, after } = yield* run(
        Effect.gen(function* () {
          const watcher = Poller.stream({ job: first.job, policy, deadline: "1 hour" })
          const before = yield* Stream.runCollect(Stream.take(watcher, 2))
          const json: unknown = JSON.parse(
            JSON.stringify(Schema.encodeSync(Poller.StateJson)(before[1]!.state))
          )
          const resume = Schema.decodeUnknownSync(Poller.StateJson)(json)
          const after = yield* Stream.runCollect(Poller.stream({ job: second.job, policy, resume }))
          return { before, json, after }
        })
      )
      const state = before[1]!.state
      assert.deepStrictEqual(Schema.decodeUnknownSync(Poller.StateJson)(json), state)
      assert.deepInclude(json, {
        deadlineAt: epoch.getTime() + 3_600_000,
        nextPollAt: before[1]!.next!.at.getTime()
      })
      // The first poll after resuming is the one planned before stopping, at least the floor after the last.
      const resumedAt = observed(after)[0]!.snapshot.observedAt.getTime()
      assert.strictEqual(resumedAt, state.nextPollAt)
      assert.isAtLeast(resumedAt - lastSnapshot(before)!.observedAt.getTime(), 5_000)
      assert.deepStrictEqual(
        after.map((update) => (update._tag === "Observed" ? update.events.map((event) => event._tag) : [])),
        [[], ["PhaseChanged"]]
      )
    })
  )
})
