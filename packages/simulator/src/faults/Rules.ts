/**
 * The fault rules of one simulator: adding, listing and removing them, and
 * deciding, deterministically by seed, what happens to each request.
 */
import * as Result from "effect/Result"
import type { Random } from "../internal/random.js"
import { decodeFault, type Fault, FaultError, type Rule } from "./Fault.js"
import { formatKind, parse } from "./Spec.js"

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
