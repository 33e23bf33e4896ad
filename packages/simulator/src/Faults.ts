/**
 * Fault injection, per route and deterministic by seed. A rule names a route
 * (`ukssdc.status`), a family (`ukssdc.*`) or every API route (`*`), a fault,
 * and when it fires: on the next N matching requests (`times`), on each with
 * a seeded `probability`, or, with neither, on every one.
 *
 * Rules are set from code (`sim.faults.inject(...)`), over HTTP at
 * `/_sim/faults`, or from the command line as a compact spec:
 *
 * ```text
 * ukssdc.status=503x3               the next 3 status requests get 503
 * too.submit=429:retry-after=30     every TOO request gets 429, Retry-After: 30
 * *=reset@0.05                      each API request has its connection reset with probability 0.05
 * tom.status=latency:200-800ms      every TOM status reply waits 200–800 ms (seeded)
 * ```
 *
 * Latency adds up and delays whatever follows; of the other faults, the first
 * matching rule that fires decides the reply. The simulator's own paths
 * (`/_sim/...`) are never faulted.
 */
import { DecodeError } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as ErrorReply from "./internal/errorReply.js"
import type { Random } from "./internal/random.js"
import type * as Route from "./Route.js"

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

/** What the server does to one request. */
export interface Decision {
  /** Real milliseconds to wait before answering. */
  readonly latency: number
  /** The fault that replaces or spoils the reply, if any. */
  readonly fault: Fault | undefined
  /** What was applied, for the request log, e.g. `latency:340ms+503`; undefined when nothing was. */
  readonly applied: string | undefined
}

/** The fault rules of one simulator. */
export interface Faults {
  /** Adds a rule; throws a {@link FaultError} for a route that does not exist or a value out of range. */
  readonly inject: (route: string, fault: Fault) => Rule
  /** Adds a rule from a spec such as `ukssdc.status=503x3`; throws a {@link FaultError} when it is wrong. */
  readonly add: (spec: string) => Rule
  /** Removes one rule; false when there was none with that id. */
  readonly remove: (id: number) => boolean
  /** Removes every rule. */
  readonly clear: () => void
  /** The rules in force, in the order they apply. */
  readonly list: () => ReadonlyArray<Rule>
  /** Decides what happens to the next request on `route`, counting it against the rules. */
  readonly decide: (route: string) => Decision
}

/** What the rules may target, and where their chances come from. */
export interface FaultsOptions {
  /** The names of the routes faults may target: the API routes, not the simulator's own. */
  readonly routes: ReadonlyArray<string>
  /** The stream every rule forks its own from. */
  readonly random: Random
}

interface State {
  readonly rule: { id: number; route: string; fault: Fault; fired: number; remaining?: number }
  /** One stream per route, so that a rule on `*` decides each route as if it were alone. */
  readonly streams: Map<string, Random>
}

const none: Decision = { latency: 0, fault: undefined, applied: undefined }

const decodeFault = DecodeError.decodeUnknown(Fault, "fault")

const matches = (pattern: string, route: string): boolean =>
  pattern === "*" || pattern === route || (pattern.endsWith(".*") && route.startsWith(pattern.slice(0, -1)))

/** Makes an empty set of rules over `options.routes`. */
export const make = (options: FaultsOptions): Faults => {
  const known = new Set(options.routes)
  let states: Array<State> = []
  let nextId = 1

  const checkRoute = (route: string) => {
    if (route !== "*" && !options.routes.some((name) => matches(route, name))) {
      throw new FaultError({
        message: `no route is named ${JSON.stringify(route)}; the routes are ${options.routes.join(", ")} (or a family such as ukssdc.*, or * for all)`
      })
    }
  }

  const inject = (route: string, fault: Fault): Rule => {
    checkRoute(route)
    const decoded = decodeFault(fault)
    if (Result.isFailure(decoded)) throw new FaultError({ message: decoded.failure.message })
    const id = nextId++
    const rule = {
      id,
      route,
      fault: decoded.success,
      fired: 0,
      ...(decoded.success.times === undefined ? {} : { remaining: decoded.success.times })
    }
    states.push({ rule, streams: new Map() })
    return { ...rule }
  }

  const stream = (state: State, route: string): Random => {
    let random = state.streams.get(route)
    if (random === undefined) {
      random = options.random.fork(`fault ${state.rule.id} ${route}`)
      state.streams.set(route, random)
    }
    return random
  }

  const decide = (route: string): Decision => {
    if (states.length === 0 || !known.has(route)) return none
    let latency = 0
    let fault: Fault | undefined
    const applied: Array<string> = []
    let retired = false
    for (const state of states) {
      const { rule } = state
      if (!matches(rule.route, route) || (fault !== undefined && rule.fault.kind !== "latency")) continue
      const random = stream(state, route)
      if (rule.fault.probability !== undefined && random.next() >= rule.fault.probability) continue
      rule.fired++
      if (rule.remaining !== undefined) {
        rule.remaining--
        retired ||= rule.remaining === 0
      }
      if (rule.fault.kind === "latency") {
        const { min, max = min } = rule.fault
        const wait = Math.round(min + (max - min) * random.next())
        latency += wait
        applied.push(`latency:${wait}ms`)
      } else {
        fault = rule.fault
        applied.push(formatKind(rule.fault))
      }
    }
    if (retired) states = states.filter((state) => state.rule.remaining !== 0)
    return applied.length === 0 ? none : { latency, fault, applied: applied.join("+") }
  }

  return {
    inject,
    add: (spec) => {
      const parsed = parse(spec)
      if (Result.isFailure(parsed)) throw parsed.failure
      return inject(parsed.success.route, parsed.success.fault)
    },
    remove: (id) => {
      const before = states.length
      states = states.filter((state) => state.rule.id !== id)
      return states.length < before
    },
    clear: () => {
      states = []
    },
    list: () => states.map((state) => ({ ...state.rule })),
    decide
  }
}

// ---------------------------------------------------------------------------------------------
// The compact spec

/** How the spec reads, for `--help` and error messages. */
export const specHelp = `ROUTE=FAULT[xN|@P]
  ROUTE  a route name (ukssdc.status), a family (ukssdc.*), or * for every API route
  FAULT  500…599                 that status with an HTML error page
         429[:retry-after=S]     429 Too Many Requests, Retry-After: S seconds (default 30)
         reset                   the connection is destroyed
         stall[:headers]         the reply never finishes (optionally after its headers)
         malformed               status 200 with the JSON cut short
         html                    status 200 with an HTML error page
         latency:MIN[-MAX](ms|s) a wait before answering, seeded within MIN–MAX
  xN     only the next N matching requests; @P each with probability P (0 < P ≤ 1); neither: all`

const example = "such as ukssdc.status=503x3, *=reset@0.05 or tom.status=latency:200-800ms"

const latencyPattern = /^latency:(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?(ms|s)?$/

/** Reads the fault part of a spec, without its trigger, into a candidate for the schema to check. */
const readFault = (text: string): Record<string, unknown> | string => {
  if (/^\d+$/.test(text)) {
    const status = Number(text)
    return status === 429 ? { kind: "rateLimit" } : { kind: "status", status }
  }
  const rateLimit = /^429:retry-after=(.*)$/.exec(text)
  if (rateLimit !== null) {
    const seconds = rateLimit[1]!
    return /^\d+$/.test(seconds)
      ? { kind: "rateLimit", retryAfter: Number(seconds) }
      : `retry-after must be a whole number of seconds, got ${JSON.stringify(seconds)}`
  }
  if (text === "reset" || text === "malformed" || text === "html" || text === "stall") return { kind: text }
  if (text === "stall:headers") return { kind: "stall", headers: true }
  if (text.startsWith("latency")) {
    const latency = latencyPattern.exec(text)
    if (latency === null)
      return `a latency reads latency:200ms or latency:200-800ms, got ${JSON.stringify(text)}`
    const scale = latency[3] === "s" ? 1000 : 1
    const min = Number(latency[1]) * scale
    return latency[2] === undefined
      ? { kind: "latency", min }
      : { kind: "latency", min, max: Number(latency[2]) * scale }
  }
  return `unknown fault ${JSON.stringify(text)}; expected a status 500…599, 429[:retry-after=S], reset, stall[:headers], malformed, html or latency:MIN[-MAX]ms`
}

/**
 * Reads a spec such as `ukssdc.status=503x3` (see {@link specHelp}); the
 * failure says what is wrong and quotes the spec.
 */
export const parse = (spec: string): Result.Result<Injection, FaultError> => {
  const fail = (reason: string) =>
    Result.fail(new FaultError({ message: `fault ${JSON.stringify(spec)}: ${reason}` }))
  const equals = spec.indexOf("=")
  if (equals <= 0 || equals === spec.length - 1) return fail(`expected ROUTE=FAULT, ${example}`)
  const route = spec.slice(0, equals).trim()
  const shape = /^(.+?)\s*(?:x(\d+)|@(\d*\.?\d+))?$/.exec(spec.slice(equals + 1).trim())
  if (shape === null) return fail(`expected ROUTE=FAULT, ${example}`)
  const candidate = readFault(shape[1]!)
  if (typeof candidate === "string") return fail(candidate)
  const trigger = {
    ...(shape[2] === undefined ? {} : { times: Number(shape[2]) }),
    ...(shape[3] === undefined ? {} : { probability: Number(shape[3]) })
  }
  const fault = decodeFault({ ...candidate, ...trigger })
  if (Result.isFailure(fault))
    return fail(fault.failure.problems.map((problem) => problem.message).join("; "))
  return Result.succeed({ route, fault: fault.success })
}

/** Writes what a fault does, without when: `503`, `reset`, `latency:200-800ms`. */
const formatKind = (fault: Fault): string => {
  switch (fault.kind) {
    case "latency":
      return `latency:${fault.min}${fault.max === undefined || fault.max === fault.min ? "" : `-${fault.max}`}ms`
    case "status":
      return `${fault.status}`
    case "rateLimit":
      return `429:retry-after=${fault.retryAfter ?? defaultRetryAfter}`
    case "stall":
      return fault.headers === true ? "stall:headers" : "stall"
    default:
      return fault.kind
  }
}

/** Writes a fault back as the FAULT part of a spec, e.g. `503x3` or `latency:200-800ms`. */
export const formatFault = (fault: Fault): string =>
  formatKind(fault) +
  (fault.times !== undefined
    ? `x${fault.times}`
    : fault.probability !== undefined
      ? `@${fault.probability}`
      : "")

// ---------------------------------------------------------------------------------------------
// The admin path

const RuleList = Schema.Struct({ faults: Schema.Array(Rule) })
const encodeRuleList = Schema.encodeSync(RuleList)
const encodeRule = Schema.encodeSync(Rule)

/** What `POST /_sim/faults` takes besides an {@link Injection}: a spec as the command line writes it. */
export const SpecRequest = Schema.Struct({ spec: Schema.String })

const subject = "fault request"
const decodeObject = DecodeError.decodeJson(Schema.Record(Schema.String, Schema.Unknown), subject)
const decodeSpecRequest = DecodeError.decodeUnknown(SpecRequest, subject)
const decodeInjection = DecodeError.decodeUnknown(Injection, subject)

/** Reads a POST body: `{"spec": …}` or an {@link Injection}, each judged on its own terms. */
const decodeAdminRequest = (body: string) => {
  const object = decodeObject(body)
  if (Result.isFailure(object)) return object
  return "spec" in object.success ? decodeSpecRequest(object.success) : decodeInjection(object.success)
}

const attempt = (add: () => Rule): Route.Reply => {
  try {
    return { status: 201, body: JSON.stringify(encodeRule(add())) }
  } catch (error) {
    if (error instanceof FaultError) return ErrorReply.json(400, error.message)
    throw error
  }
}

/**
 * The admin route `/_sim/faults`: GET lists the rules, POST adds one (a rule
 * as JSON or `{"spec": "ukssdc.status=503x3"}`), DELETE removes them all, or
 * one with `?id=`.
 */
export const adminRoutes = (faults: Faults): ReadonlyArray<Route.Route> => [
  {
    name: "sim.faults",
    methods: ["GET", "POST", "DELETE"],
    pattern: "/_sim/faults",
    handle: (request) => {
      if (request.method === "POST") {
        const body = decodeAdminRequest(request.body)
        if (Result.isFailure(body)) return ErrorReply.json(400, body.failure.message)
        const injection = body.success
        return attempt(() =>
          "spec" in injection ? faults.add(injection.spec) : faults.inject(injection.route, injection.fault)
        )
      }
      if (request.method === "DELETE") {
        const id = request.query.get("id")
        if (id === null) faults.clear()
        else if (!faults.remove(Number(id))) return ErrorReply.json(404, `there is no fault rule ${id}`)
      }
      return { status: 200, body: JSON.stringify(encodeRuleList({ faults: faults.list() })) }
    }
  }
]
