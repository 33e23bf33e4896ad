/**
 * The simulator's clock: real time scaled by a speed factor, plus whatever
 * tests add by hand. Every job in the simulator is a function of this clock,
 * so a test that steps it sees exactly what a slow real server would show.
 * Over HTTP, `/_sim/clock` tells the time and moves it.
 */
import { performance } from "node:perf_hooks"
import { DecodeError } from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as ErrorReply from "./internal/errorReply.js"
import type * as Route from "./Route.js"

/** A scaled, steppable clock. */
export interface Clock {
  /** The simulated time now. */
  readonly now: () => Date
  /** Moves the clock forward by hand, e.g. `advance("5 minutes")`; a `RangeError` for backwards or past the year 275760. */
  readonly advance: (duration: Duration.Input) => void
  /** Simulated milliseconds per real millisecond (0: only `advance` moves the clock). */
  readonly speed: number
  /**
   * Calls `listener` after every `advance`, so that whatever waits on a
   * simulated instant (a UWS `WAIT`) sees a stepped clock move; returns the
   * function that stops the calls.
   */
  readonly onAdvance: (listener: () => void) => () => void
}

/** How a {@link Clock} runs. */
export interface ClockOptions {
  /** Simulated milliseconds per real millisecond (default: 1; 0 stops real time, for tests). */
  readonly speed?: number
  /** The simulated time at start (default: the real time at start). */
  readonly start?: Date
}

/** The latest instant a `Date` can hold (+275760-09-13), in epoch milliseconds: the clock never moves past it. */
const latest = 8.64e15

/** Makes a clock that starts at `options.start` and runs `options.speed` times faster than real time. */
export const make = (options: ClockOptions = {}): Clock => {
  const speed = options.speed ?? 1
  if (!Number.isFinite(speed) || speed < 0)
    throw new RangeError(`speed must be a finite number ≥ 0, not ${speed}`)
  const origin = (options.start ?? new Date()).getTime()
  if (!Number.isFinite(origin)) throw new RangeError("start must be a valid date")
  const realOrigin = performance.now()
  let stepped = 0
  const listeners = new Set<() => void>()
  const now = () => new Date(origin + stepped + (performance.now() - realOrigin) * speed)
  return {
    speed,
    now,
    advance: (duration) => {
      const millis = Duration.toMillis(Duration.fromInputUnsafe(duration))
      if (!(millis >= 0)) throw new RangeError("the clock only moves forward")
      if (!(now().getTime() + millis <= latest))
        throw new RangeError(`the clock cannot move past ${new Date(latest).toISOString()}`)
      stepped += millis
      for (const listener of [...listeners]) listener()
    },
    onAdvance: (listener) => {
      // A wrapper per call, so that the same function added twice is removed once per stop.
      const entry = () => listener()
      listeners.add(entry)
      return () => void listeners.delete(entry)
    }
  }
}

/** What `/_sim/clock` answers: the simulated time and the speed. */
export const State = Schema.Struct({
  /** The simulated time, ISO 8601. */
  now: Schema.String,
  /** Simulated milliseconds per real millisecond. */
  speed: Schema.Finite
})

/** What `/_sim/clock` answers: the simulated time and the speed. */
export interface State extends Schema.Schema.Type<typeof State> {}

/** What `POST /_sim/clock` takes: how far to move, as `"5 minutes"` or a number of milliseconds. */
export const AdvanceRequest = Schema.Struct({
  advance: Schema.Union([Schema.Finite, Schema.String]).check(
    Schema.makeFilter((input) => {
      const duration = Duration.fromInput(input as Duration.Input)
      return (
        (Option.isSome(duration) &&
          Duration.isFinite(duration.value) &&
          Duration.toMillis(duration.value) >= 0) ||
        `advance must be a duration such as "5 minutes" or a number of milliseconds ≥ 0, got ${JSON.stringify(input)}`
      )
    })
  )
})

const encodeState = Schema.encodeSync(State)
const decodeAdvance = DecodeError.decodeJson(AdvanceRequest, "clock request")

const stateOf = (clock: Clock): State => ({ now: clock.now().toISOString(), speed: clock.speed })

/**
 * The admin route `/_sim/clock`: GET answers the {@link State}; POST
 * `{"advance": "5 minutes"}` moves the clock forward and answers the new state.
 */
export const adminRoutes = (clock: Clock): ReadonlyArray<Route.Route> => [
  {
    name: "sim.clock",
    methods: ["GET", "POST"],
    pattern: "/_sim/clock",
    handle: (request) => {
      if (request.method === "POST") {
        const body = decodeAdvance(request.body)
        if (Result.isFailure(body)) return ErrorReply.json(400, body.failure.message)
        try {
          clock.advance(body.success.advance as Duration.Input)
        } catch (error) {
          if (error instanceof RangeError) return ErrorReply.json(400, `clock request: ${error.message}`)
          throw error
        }
      }
      return { status: 200, body: JSON.stringify(encodeState(stateOf(clock))) }
    }
  }
]
