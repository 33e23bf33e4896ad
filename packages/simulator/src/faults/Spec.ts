/**
 * The compact spec of a fault rule, as the command line and `/_sim/faults`
 * take it: `ukssdc.status=503x3`, `*=reset@0.05`, `tom.status=latency:200-800ms`.
 */
import * as Result from "effect/Result"
import { decodeFault, defaultRetryAfter, type Fault, FaultError, type Injection } from "./Fault.js"

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

/** Writes what a fault does, without when (for the request log): `503`, `reset`, `latency:200-800ms`. */
export const formatKind = (fault: Fault): string => {
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
