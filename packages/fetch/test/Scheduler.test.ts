import { assert, describe, it } from "@effect/vitest"
import { Poll, Tom } from "@jobscope/core"
import { type Poller, Scheduler } from "@jobscope/fetch"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { TestClock } from "effect/testing"

/** What the fake pollers saw: who polled, when (test-clock millis), and how many were polling at once. */
interface Log {
  readonly polls: Array<readonly [string, number]>
  running: number
  mostRunning: number
  interrupted: number
}

const stateDueAt = (nextPollAt: number): Poller.State => ({
  poll: Poll.initial(Poll.make(Tom.source)),
  polls: 0,
  failures: 0,
  nextPollAt
})

/**
 * A job that is due at `firstAt`, takes `takes` ms per poll, is polled again
 * `every` ms after each poll ends, and is over after `times` polls; or fails
 * on its `failOn`-th poll.
 */
const member = (
  log: Log,
  key: string,
  options: { firstAt: number; takes: number; every: number; times: number; failOn?: number }
): Scheduler.Member<string, string, string, never> => ({
  key,
  poller: {
    start: Effect.succeed(stateDueAt(options.firstAt)),
    step: (state) =>
      Effect.gen(function* () {
        const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
        log.polls.push([key, now])
        log.running++
        log.mostRunning = Math.max(log.mostRunning, log.running)
        yield* Effect.sleep(options.takes).pipe(
          Effect.onInterrupt(() => Effect.sync(() => log.interrupted++)),
          Effect.ensuring(Effect.sync(() => log.running--))
        )
        const polls = state.polls + 1
        if (polls === options.failOn) return yield* Effect.fail(`${key} refused`)
        const after: Poller.State = { ...state, polls, nextPollAt: now + options.takes + options.every }
        const update: Poller.Update<string> = {
          _tag: "Observed",
          snapshot: { source: "tom", jobId: key, tasks: [], observedAt: new Date(now) },
          events: [],
          reply: key,
          next: undefined,
          state: after
        }
        return [[update], polls === options.times ? Option.none() : Option.some(after)] as const
      })
  }
})

const newLog = (): Log => ({ polls: [], running: 0, mostRunning: 0, interrupted: 0 })

describe("Scheduler.run", () => {
  it.effect("polls each job when it is due, in the order they fall due, until each is over", () =>
    Effect.gen(function* () {
      const log = newLog()
      const members = [
        member(log, "a", { firstAt: 30_000, takes: 100, every: 10_000, times: 2 }),
        member(log, "b", { firstAt: 10_000, takes: 100, every: 10_000, times: 2 }),
        member(log, "c", { firstAt: 20_000, takes: 100, every: 10_000, times: 1 })
      ]
      const fiber = yield* Effect.forkChild(Stream.runCollect(Scheduler.run(members, 4)))
      yield* TestClock.adjust("1 minute")
      const items = yield* Fiber.join(fiber)
      assert.deepStrictEqual(log.polls, [
        ["b", 10_000],
        ["c", 20_000],
        ["b", 20_100],
        ["a", 30_000],
        ["a", 40_100]
      ])
      assert.deepStrictEqual(
        items.map((item) => (item._tag === "Update" ? item.key : "failed")),
        ["b", "c", "b", "a", "a"]
      )
    })
  )

  it.effect("never has more than `concurrency` polls in flight, and works through a burst", () =>
    Effect.gen(function* () {
      const log = newLog()
      const members = Array.from({ length: 10 }, (_, index) =>
        member(log, `job ${index}`, { firstAt: 0, takes: 1_000, every: 60_000, times: 1 })
      )
      const fiber = yield* Effect.forkChild(Stream.runCollect(Scheduler.run(members, 3)))
      yield* TestClock.adjust("10 seconds")
      const items = yield* Fiber.join(fiber)
      assert.strictEqual(items.length, 10)
      assert.strictEqual(log.mostRunning, 3)
      // Four waves of at most three, each as soon as a poll ends.
      assert.deepStrictEqual(
        log.polls.map(([, at]) => at),
        [0, 0, 0, 1_000, 1_000, 1_000, 2_000, 2_000, 2_000, 3_000]
      )
    })
  )

  it.effect("reports a job whose watch fails and goes on with the others", () =>
    Effect.gen(function* () {
      const log = newLog()
      const members = [
        member(log, "refused", { firstAt: 0, takes: 10, every: 1_000, times: 5, failOn: 2 }),
        member(log, "fine", { firstAt: 0, takes: 10, every: 1_000, times: 3 })
      ]
      const fiber = yield* Effect.forkChild(Stream.runCollect(Scheduler.run(members, 2)))
      yield* TestClock.adjust("1 minute")
      const items = yield* Fiber.join(fiber)
      assert.deepStrictEqual(
        items.map((item) => (item._tag === "Update" ? `${item.key} update` : `${item.key}: ${item.error}`)),
        ["refused update", "fine update", "refused: refused refused", "fine update", "fine update"]
      )
    })
  )

  it.effect("stops every poll in flight when its consumer stops", () =>
    Effect.gen(function* () {
      const log = newLog()
      const members = Array.from({ length: 5 }, (_, index) =>
        member(log, `job ${index}`, { firstAt: 0, takes: 60_000, every: 1_000, times: 1 })
      )
      const fiber = yield* Effect.forkChild(Stream.runCollect(Scheduler.run(members, 5)))
      yield* TestClock.adjust("1 second")
      assert.strictEqual(log.running, 5)
      yield* Fiber.interrupt(fiber)
      assert.strictEqual(log.interrupted, 5)
      assert.strictEqual(log.running, 0)
    })
  )

  it.effect("refuses a concurrency that is not a whole number of at least 1", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(Stream.runCollect(Scheduler.run<string, string, string, never>([], 0)))
      assert.isTrue(
        Exit.isFailure(exit) && String(exit.cause).includes("concurrency must be a whole number ≥ 1")
      )
    })
  )
})
