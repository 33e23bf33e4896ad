/**
 * What a fault rule is, as schemas: the faults (latency, an error status, a
 * 429 with Retry-After, a reset, a stall, malformed JSON, an HTML page), when
 * one fires, and the rules in force.
 */
import { DecodeError } from "@jobscope/core"
import * as Schema from "effect/Schema"

const wholeNumber = (what: string, minimum: number, maximum = Number.MAX_SAFE_INTEGER) =>
  Schema.Finite.check(
    Schema.makeFilter(
      (n: number) =>
        (Number.isInteger(n) && n >= minimum && n <= maximum) ||
        `${what} must be a whole number ${maximum === Number.MAX_SAFE_INTEGER ? `of at least ${minimum}` : `from ${minimum} to ${maximum}`}, got ${n}`
    )
  )

/** The longest latency a rule may add, in milliseconds (ten minutes). */
export const maxLatency = 600_000

const millis = wholeNumber("a latency in milliseconds", 0, maxLatency)

const when = {
  /** Fire on the next `times` matching requests, then retire (default: no limit). */
  times: Schema.optionalKey(wholeNumber("times", 1)),
  /** Fire on each matching request with this probability, drawn from the seed (default: 1). */
  probability: Schema.optionalKey(
    Schema.Finite.check(
      Schema.makeFilter(
        (p: number) => (p > 0 && p <= 1) || `probability must be above 0 and at most 1, got ${p}`
      )
    )
  )
}

/** Waits before answering: `min` milliseconds, or a seeded amount from `min` to `max`. */
export const Latency = Schema.Struct({
  kind: Schema.Literal("latency"),
  min: millis,
  /** The longest wait (default: `min`). */
  max: Schema.optionalKey(millis),
  ...when
})

/** Answers with a server error status and an HTML error page, as a failing web server does. */
export const Status = Schema.Struct({
  kind: Schema.Literal("status"),
  status: wholeNumber("status", 500, 599),
  ...when
})

/** Seconds in `Retry-After` when a 429 fault does not say (30). */
export const defaultRetryAfter = 30

/** Answers 429 Too Many Requests with a `Retry-After` header. */
export const RateLimit = Schema.Struct({
  kind: Schema.Literal("rateLimit"),
  /** Seconds in `Retry-After` (default: 30). */
  retryAfter: Schema.optionalKey(wholeNumber("retryAfter", 0, 86_400)),
  ...when
})

/** Destroys the connection without an answer. */
export const Reset = Schema.Struct({ kind: Schema.Literal("reset"), ...when })

/** Never finishes the reply, until the client gives up or the simulator closes. */
export const Stall = Schema.Struct({
  kind: Schema.Literal("stall"),
  /** Send the reply's status and headers first (default: false, nothing at all). */
  headers: Schema.optionalKey(Schema.Boolean),
  ...when
})

/** Answers status 200 with the reply's body cut in half: truncated JSON. */
export const Malformed = Schema.Struct({ kind: Schema.Literal("malformed"), ...when })

/** Answers status 200 with an HTML error page instead of the reply. */
export const Html = Schema.Struct({ kind: Schema.Literal("html"), ...when })

/** A fault and when it fires. */
export const Fault = Schema.Union([Latency, Status, RateLimit, Reset, Stall, Malformed, Html]).check(
  Schema.makeFilter(
    (fault) =>
      fault.times === undefined || fault.probability === undefined || "give times or probability, not both"
  ),
  Schema.makeFilter(
    (fault) =>
      fault.kind !== "latency" ||
      fault.max === undefined ||
      fault.max >= fault.min ||
      `the longest latency (${fault.max} ms) must not be below the shortest (${fault.min} ms)`
  )
)

/** A fault and when it fires. */
export type Fault = typeof Fault.Type

/** A rule to add: which routes, and what happens to them. */
export const Injection = Schema.Struct({
  /** A route name (`ukssdc.status`), a family (`ukssdc.*`), or `*` for every API route. */
  route: Schema.String,
  fault: Fault
})

/** A rule to add: which routes, and what happens to them. */
export interface Injection extends Schema.Schema.Type<typeof Injection> {}

/** A rule in force. */
export const Rule = Schema.Struct({
  /** Names the rule for `remove` and `DELETE /_sim/faults?id=`. */
  id: Schema.Int,
  route: Schema.String,
  fault: Fault,
  /** How many requests it has spoiled so far. */
  fired: Schema.Int,
  /** How many more it will spoil, when it has `times`. */
  remaining: Schema.optionalKey(Schema.Int)
})

/** A rule in force. */
export interface Rule extends Schema.Schema.Type<typeof Rule> {}

/** A fault that cannot be set: a spec that does not parse, a value out of range, a route that does not exist. */
export class FaultError extends Schema.TaggedError<FaultError>()("FaultError", {
  message: Schema.String
}) {}

/** Checks a candidate fault, as JSON from the admin path or read from a spec. */
export const decodeFault = DecodeError.decodeUnknown(Fault, "fault")
