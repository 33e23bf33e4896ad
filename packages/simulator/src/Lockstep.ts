/**
 * Runs an Effect program in lockstep with a simulator on a stepped clock
 * (`speed: 0`). The program's clock is Effect's `TestClock`; whenever every
 * fiber of the program is waiting on that clock (no request in flight,
 * nothing scheduled), both clocks jump together to the program's next
 * wake-up. Hours of polling pass in milliseconds, each request reaches the
 * simulator at the very instant the program meant to send it, and the
 * simulator's request log shows the program's real pacing. A request the
 * simulator holds (a UWS `WAIT`) counts as waiting on the clock: when it is
 * all the program waits on, both clocks jump to the instant it is answered.
 *
 * @example
 * ```ts
 * import { Lockstep, start } from "@jobscope/simulator"
 *
 * it.effect("polls no faster than every 10 s", () =>
 *   Effect.gen(function* () {
 *     const sim = yield* Effect.promise(() => start({ speed: 0 }))
 *     const lockstep = Lockstep.forSimulator(sim)
 *     // Give the program `lockstep.fetch` as its fetch, then:
 *     yield* lockstep.run(program)
 *   })
 * )
 * ```
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Scheduler from "effect/Scheduler"
import { TestClock } from "effect/testing"

/** Requests a server holds until its clock moves, such as a UWS `WAIT`. */
export interface Holds {
  /** How many requests it holds now. */
  readonly held: () => number
  /** The earliest simulated instant (epoch ms) at which one of them would be answered, or undefined. */
  readonly nextWake: () => number | undefined
}

/** A stepped clock to keep in step: where it stands, and how to move it forward. */
export interface Target {
  /** The simulated time now; the program's clock starts here. */
  readonly start: Date
  /** Moves the simulated time forward by this many milliseconds. */
  readonly advance: (millis: number) => void | Promise<void>
  /**
   * The requests the server holds until its clock moves (default: none). A
   * program whose requests in flight are all held is idle too: both clocks
   * then jump to whichever comes first, the program's next wake-up or the
   * server's next answer.
   */
  readonly holds?: Holds
}

/** A program and a simulator, kept in step. */
export interface Lockstep {
  /**
   * The `fetch` the program must use: it counts the requests in flight and
   * reads each reply whole before handing it over, so that a waiting request
   * never looks like an idle program.
   */
  readonly fetch: typeof globalThis.fetch
  /** The simulated time now. */
  readonly now: () => Date
  /**
   * Runs `effect` to its end, moving both clocks whenever the program is
   * idle. Needs the `TestClock` (`it.effect` provides it). Dies, naming the
   * cause, when the program waits on something that is neither the clock nor
   * a request, or when simulated time passes `limit` (default: 30 days).
   */
  readonly run: <A, E, R>(
    effect: Effect.Effect<A, E, R>,
    options?: { readonly limit?: Duration.Input }
  ) => Effect.Effect<A, E, R>
}

/** Rounds of the event loop with nothing happening before the program counts as idle. */
const quietRounds = 3

const nextTurn = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))
const nextTimer = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))

/** Keeps a program in step with `target`. */
export const make = (target: Target): Lockstep => {
  let now = target.start.getTime()
  const held = () => target.holds?.held() ?? 0
  let inFlight = 0
  let activity = 0

  const fetch: typeof globalThis.fetch = async (input, init) => {
    inFlight++
    activity++
    try {
      const response = await globalThis.fetch(input, init)
      const body = await response.arrayBuffer()
      const empty = response.status === 204 || response.status === 304
      return new Response(empty ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers
      })
    } finally {
      inFlight--
      activity++
    }
  }

  const run = <A, E, R>(
    effect: Effect.Effect<A, E, R>,
    options: { readonly limit?: Duration.Input } = {}
  ): Effect.Effect<A, E, R> =>
    TestClock.testClockWith((testClock) =>
      Effect.withFiber((parent) =>
        Effect.gen(function* () {
          yield* testClock.setTime(now)
          const limit = now + durationMillis(options.limit ?? "30 days")
          /** When each sleeping fiber wakes, in simulated epoch milliseconds. */
          const wakes: Array<number> = []
          let pending = 0

          const clock: Clock.Clock = {
            ...testClock,
            sleep: (duration) => {
              const at = testClock.currentTimeMillisUnsafe() + durationMillis(duration)
              return Effect.acquireUseRelease(
                Effect.sync(() => {
                  wakes.push(at)
                  activity++
                }),
                () => testClock.sleep(duration),
                () =>
                  Effect.sync(() => {
                    const index = wakes.indexOf(at)
                    if (index !== -1) wakes.splice(index, 1)
                    activity++
                  })
              )
            }
          }
          const base = parent.getRef(Scheduler.Scheduler)
          const counting: Scheduler.Scheduler = {
            executionMode: base.executionMode,
            shouldYield: (fiber) => base.shouldYield(fiber),
            makeDispatcher: () => {
              const dispatcher = base.makeDispatcher()
              return {
                scheduleTask: (task, priority) => {
                  pending++
                  activity++
                  dispatcher.scheduleTask(() => {
                    try {
                      task()
                    } finally {
                      pending--
                    }
                  }, priority)
                },
                flush: () => dispatcher.flush()
              }
            }
          }

          /** Waits, in real time, until the program can only go on when the clock moves (or has ended). */
          const settle = Effect.gen(function* () {
            let quiet = 0
            let seen = activity
            while (quiet < quietRounds) {
              yield* quiet === quietRounds - 1 ? nextTimer : nextTurn
              const idle = inFlight === held() && pending === 0 && activity === seen
              quiet = idle ? quiet + 1 : 0
              seen = activity
            }
          })

          const fiber = yield* Effect.forkChild(effect).pipe(
            Effect.provideService(Scheduler.Scheduler, counting),
            Effect.provideService(Clock.Clock, clock)
          )
          for (;;) {
            yield* settle
            const exit = fiber.pollUnsafe()
            if (exit !== undefined) return yield* exit
            const serverWake = held() > 0 ? target.holds?.nextWake() : undefined
            if (wakes.length === 0 && serverWake === undefined)
              return yield* Effect.die(
                new Error("the program is waiting on something that is neither the clock nor a request")
              )
            const next = Math.min(...wakes, serverWake ?? Number.POSITIVE_INFINITY)
            if (next > limit) {
              yield* Fiber.interrupt(fiber)
              return yield* Effect.die(
                new Error(`simulated time would pass the limit of ${new Date(limit).toISOString()}`)
              )
            }
            if (next > now) {
              yield* Effect.promise(async () => target.advance(next - now))
              now = next
            }
            yield* testClock.setTime(next)
            // A held request answered by the move is activity the next settle must wait for.
            activity++
          }
        })
      )
    )

  return { fetch, now: () => new Date(now), run }
}

/**
 * Runs `effect` marked as busy for the lockstep: work it cannot see, because
 * it is neither the clock nor a request through its `fetch` (a WebCrypto
 * signature, such as a TOO client's JWT, runs on another thread), would
 * otherwise look like a program waiting on nothing. While `effect` runs, a
 * fiber keeps yielding, which the lockstep counts as activity.
 */
export const whileBusy = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.raceFirst(effect, Effect.forever(Effect.yieldNow))

/** Keeps a program in step with a simulator running in this process. */
export const forSimulator = (simulator: {
  readonly clock: { readonly now: () => Date }
  readonly advance: (duration: Duration.Input) => void
  readonly holds?: Holds
}): Lockstep =>
  make({
    start: simulator.clock.now(),
    advance: (millis) => simulator.advance(millis),
    ...(simulator.holds === undefined ? {} : { holds: simulator.holds })
  })

const durationMillis = (input: Duration.Input): number => Duration.toMillis(Duration.fromInputUnsafe(input))
