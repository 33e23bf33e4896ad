/**
 * What a simulated UWS job does once it is run: how long it is HELD (if at
 * all), queues and executes, whether the system SUSPENDS it for a while, and
 * how it ends. A plan is data with an Effect Schema, so the options, a test
 * and the admin route `/_sim/uws/next` describe jobs the same way; {@link
 * generate} draws a plausible one from the job's own random stream.
 */
import * as Schema from "effect/Schema"
import type { Random } from "../internal/random.js"
import { Seconds } from "../internal/seconds.js"

/** The longest any stage may last, seconds: a year and a day. */
export { maxSeconds } from "../internal/seconds.js"

/** How a job ends when nothing stops it first. */
export const Outcome = Schema.Union([
  Schema.Struct({ phase: Schema.Literal("COMPLETED") }),
  Schema.Struct({
    phase: Schema.Literal("ERROR"),
    /** `fatal`: running it again fails again; `transient`: it may work later. */
    type: Schema.Literals(["fatal", "transient"]),
    /** The error summary's message. */
    message: Schema.String,
    /** The longer text served at `/error` (default: the message with the job's story). */
    detail: Schema.optionalKey(Schema.String)
  })
])

/** How a job ends when nothing stops it first. */
export type Outcome = typeof Outcome.Type

/** A stop the system imposes during execution: SUSPENDED `after` seconds of running, for `for` seconds. */
export const Suspension = Schema.Struct({ after: Seconds, for: Seconds })

/** A stop the system imposes during execution. */
export interface Suspension extends Schema.Schema.Type<typeof Suspension> {}

/** What a job does once it is run. */
export const Plan = Schema.Struct({
  /** Seconds HELD after `PHASE=RUN` before the server queues it (default: never held); a second RUN releases it. */
  hold: Schema.optionalKey(Seconds),
  /** Seconds QUEUED. */
  queue: Seconds,
  /** Seconds EXECUTING (suspensions not counted). */
  execution: Seconds,
  /** A suspension during execution (default: none); ignored when `after` is not within the execution. */
  suspension: Schema.optionalKey(Suspension),
  outcome: Outcome,
  /** The quote's error: the quoted execution is `execution × quoteFactor` (default: 1). */
  quoteFactor: Schema.optionalKey(Schema.Finite.check(Schema.isBetween({ minimum: 0.01, maximum: 100 })))
})

/** What a job does once it is run. */
export interface Plan extends Schema.Schema.Type<typeof Plan> {}

/** How often the generated plans hold, suspend and fail, and how long they take. */
export interface Chances {
  /** The chance that a job is HELD after RUN, 0 to 1. */
  readonly holdProbability: number
  /** The chance that a job is SUSPENDED for a while during execution, 0 to 1. */
  readonly suspendProbability: number
  /** The chance that a job ends in ERROR, 0 to 1. */
  readonly failureProbability: number
  /** Seconds QUEUED, [min, max]. */
  readonly queueSeconds: readonly [number, number]
  /** Seconds EXECUTING, [min, max]. */
  readonly executionSeconds: readonly [number, number]
}

const errors: ReadonlyArray<{ readonly type: "fatal" | "transient"; readonly message: string }> = [
  { type: "fatal", message: "Input catalogue row 412 has no position: cannot cross-match" },
  { type: "transient", message: "The compute node was lost; resubmit the job" },
  { type: "fatal", message: "Requested energy band 0.1-0.2 keV is outside the instrument's range" },
  { type: "transient", message: "Archive storage is temporarily unavailable" }
]

/** A plausible plan drawn from `random` with `chances`. */
export const generate = (random: Random, chances: Chances): Plan => {
  const execution = random.int(chances.executionSeconds[0], chances.executionSeconds[1])
  const held = random.next() < chances.holdProbability
  const suspended = random.next() < chances.suspendProbability && execution >= 2
  const failed = random.next() < chances.failureProbability
  const error = random.pick(errors)
  return {
    ...(held ? { hold: random.int(5, 60) } : {}),
    queue: random.int(chances.queueSeconds[0], chances.queueSeconds[1]),
    execution,
    ...(suspended ? { suspension: { after: random.int(1, execution - 1), for: random.int(5, 60) } } : {}),
    outcome: failed ? { phase: "ERROR", ...error } : { phase: "COMPLETED" },
    quoteFactor: 0.8 + random.next() * 0.5
  }
}
