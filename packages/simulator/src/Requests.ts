/**
 * What clients asked and how hard they polled: request counts per route and
 * per job, a request log kept in a ring buffer (the newest entries, so 10,000
 * watched jobs polling for hours cost a fixed amount of memory), and, per job,
 * the simulated time between repeated requests, so a test can check that a
 * client never polls below a floor such as 10 s.
 *
 * Requests answered by a fault before they reached the API count per route
 * but not per job: the job is only known to the API.
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as ErrorReply from "./internal/errorReply.js"
import type * as Route from "./Route.js"

/** One request, as the log keeps it. */
export const Entry = Schema.Struct({
  /** Its place in the log, from 1, in the order requests finished. */
  seq: Schema.Int,
  /** The simulated time it arrived, ISO 8601. */
  at: Schema.String,
  /** The real time it arrived, ISO 8601. */
  realAt: Schema.String,
  method: Schema.String,
  /** The path without the query string. */
  path: Schema.String,
  /** The route that answered, or null when no route matched. */
  route: Schema.NullOr(Schema.String),
  /** The job it was about, as the API named it (`ukssdc/14`), or null. */
  job: Schema.NullOr(Schema.String),
  /** The status sent, or null when none was (a reset, a stall without headers, a client that left). */
  status: Schema.NullOr(Schema.Int),
  /** The faults applied, as `latency:340ms+503`, or null. */
  fault: Schema.NullOr(Schema.String),
  /** Real milliseconds from arrival to the end of the exchange. */
  duration: Schema.Finite,
  /** What the handler threw, when it did (the client got a 500). */
  error: Schema.optionalKey(Schema.String)
})

/** One request, as the log keeps it. */
export interface Entry extends Schema.Schema.Type<typeof Entry> {}

/** How one job was asked about. */
export const JobStats = Schema.Struct({
  job: Schema.String,
  /** Requests about it. */
  count: Schema.Int,
  /** Requests about it per route. */
  routes: Schema.Record(Schema.String, Schema.Int),
  /**
   * The shortest simulated time, in milliseconds, between two requests about
   * the job on the same route; null until a route was asked twice.
   */
  minInterval: Schema.NullOr(Schema.Finite),
  /** The median of those intervals over the job's most recent {@link intervalWindow}. */
  medianInterval: Schema.NullOr(Schema.Finite)
})

/** How one job was asked about. */
export interface JobStats extends Schema.Schema.Type<typeof JobStats> {}

/** Everything at once, as `GET /_sim/requests` answers. */
export const Summary = Schema.Struct({
  /** Requests since start or the last reset, including those the log has forgotten. */
  total: Schema.Int,
  /** Entries the log has forgotten to stay within its capacity. */
  dropped: Schema.Int,
  routes: Schema.Record(Schema.String, Schema.Int),
  jobs: Schema.Array(JobStats),
  /** The newest entries, oldest first. */
  log: Schema.Array(Entry)
})

/** Everything at once, as `GET /_sim/requests` answers. */
export interface Summary extends Schema.Schema.Type<typeof Summary> {}

/** A finished request, as the server reports it. */
export interface Finished {
  readonly at: Date
  readonly realAt: Date
  readonly method: string
  readonly path: string
  readonly route: string | undefined
  readonly job: string | undefined
  readonly status: number | undefined
  readonly fault: string | undefined
  readonly duration: number
  readonly error: string | undefined
}

/** Which entries to read. */
export interface LogFilter {
  /** Only this route's. */
  readonly route?: string
  /** Only this job's. */
  readonly job?: string
  /** At most this many, the newest (default: all the log holds). */
  readonly limit?: number
}

/** The request counts and log of one simulator. */
export interface Requests {
  /** Adds a finished request. */
  readonly record: (request: Finished) => void
  /** Requests since start or the last reset. */
  readonly total: () => number
  /** Requests per route name. */
  readonly perRoute: () => Readonly<Record<string, number>>
  /** How one job was asked about, or undefined when it never was. */
  readonly job: (job: string) => JobStats | undefined
  /** How every job was asked about, in the order they were first asked about. */
  readonly jobs: () => ReadonlyArray<JobStats>
  /** The newest entries, oldest first. */
  readonly log: (filter?: LogFilter) => ReadonlyArray<Entry>
  /** Counts, jobs and the newest entries at once. */
  readonly summary: (filter?: LogFilter) => Summary
  /** Forgets everything. */
  readonly reset: () => void
}

/** How many intervals per job the median is taken over: the most recent ones. */
export const intervalWindow = 101

/** How a request log is kept. */
export interface RequestsOptions {
  /** How many entries the log keeps (default: 10,000); counts and intervals are kept for all. */
  readonly capacity?: number
}

interface JobState {
  count: number
  /** Per route: its count and the simulated time of its latest request. */
  readonly routes: Map<string, { count: number; last: number }>
  min: number
  /** The latest intervals, a ring of at most {@link intervalWindow}. */
  readonly window: Array<number>
  next: number
}

const median = (values: ReadonlyArray<number>): number | null => {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const statsOf = (job: string, state: JobState): JobStats => ({
  job,
  count: state.count,
  routes: Object.fromEntries([...state.routes].map(([route, { count }]) => [route, count])),
  minInterval: Number.isFinite(state.min) ? state.min : null,
  medianInterval: median(state.window)
})

/** Makes an empty log. */
export const make = (options: RequestsOptions = {}): Requests => {
  const capacity = options.capacity ?? 10_000
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError(`capacity must be a whole number ≥ 1, not ${capacity}`)
  let ring: Array<Entry> = []
  let seq = 0
  let routes = new Map<string, number>()
  let jobs = new Map<string, JobState>()

  const countJob = (job: string, route: string, at: number) => {
    let state = jobs.get(job)
    if (state === undefined) {
      state = { count: 0, routes: new Map(), min: Number.POSITIVE_INFINITY, window: [], next: 0 }
      jobs.set(job, state)
    }
    state.count++
    const previous = state.routes.get(route)
    if (previous === undefined) {
      state.routes.set(route, { count: 1, last: at })
      return
    }
    // Requests finish out of order when one waited on a fault; the gap between
    // two arrivals is the same either way round.
    const interval = Math.abs(at - previous.last)
    previous.count++
    previous.last = Math.max(previous.last, at)
    state.min = Math.min(state.min, interval)
    if (state.window.length < intervalWindow) state.window.push(interval)
    else state.window[state.next] = interval
    state.next = (state.next + 1) % intervalWindow
  }

  const record = (request: Finished) => {
    seq++
    const entry: Entry = {
      seq,
      at: request.at.toISOString(),
      realAt: request.realAt.toISOString(),
      method: request.method,
      path: request.path,
      route: request.route ?? null,
      job: request.job ?? null,
      status: request.status ?? null,
      fault: request.fault ?? null,
      duration: request.duration,
      ...(request.error === undefined ? {} : { error: request.error })
    }
    ring[(seq - 1) % capacity] = entry
    if (request.route !== undefined) {
      routes.set(request.route, (routes.get(request.route) ?? 0) + 1)
      if (request.job !== undefined) countJob(request.job, request.route, request.at.getTime())
    }
  }

  const log = (filter: LogFilter = {}): ReadonlyArray<Entry> => {
    const start = seq > capacity ? seq % capacity : 0
    const ordered = seq > capacity ? [...ring.slice(start), ...ring.slice(0, start)] : ring
    const chosen = ordered.filter(
      (entry) =>
        (filter.route === undefined || entry.route === filter.route) &&
        (filter.job === undefined || entry.job === filter.job)
    )
    return filter.limit === undefined ? chosen : chosen.slice(Math.max(0, chosen.length - filter.limit))
  }

  const job = (name: string) => {
    const state = jobs.get(name)
    return state === undefined ? undefined : statsOf(name, state)
  }

  const jobList = () => [...jobs].map(([name, state]) => statsOf(name, state))

  return {
    record,
    total: () => seq,
    perRoute: () => Object.fromEntries(routes),
    job,
    jobs: jobList,
    log,
    summary: (filter = {}) => {
      const one = filter.job === undefined ? undefined : job(filter.job)
      return {
        total: seq,
        dropped: Math.max(0, seq - capacity),
        routes: Object.fromEntries(routes),
        jobs: filter.job === undefined ? jobList() : one === undefined ? [] : [one],
        log: log(filter)
      }
    },
    reset: () => {
      ring = []
      seq = 0
      routes = new Map()
      jobs = new Map()
    }
  }
}

const encodeSummary = Schema.encodeSync(Summary)

/** The default number of entries `GET /_sim/requests` returns. */
const defaultLimit = 100

const decodeLimit = Schema.decodeUnknownResult(
  Schema.NumberFromString.check(Schema.isInt(), Schema.isGreaterThan(0))
)

/**
 * The admin route `/_sim/requests`: GET answers the {@link Summary} (filtered
 * by `?route=`, `?job=`, with the newest `?limit=` entries, 100 unless told),
 * DELETE forgets everything.
 */
export const adminRoutes = (requests: Requests): ReadonlyArray<Route.Route> => [
  {
    name: "sim.requests",
    methods: ["GET", "DELETE"],
    pattern: "/_sim/requests",
    handle: (request) => {
      if (request.method === "DELETE") requests.reset()
      const limitText = request.query.get("limit")
      const limit = limitText === null ? Result.succeed(defaultLimit) : decodeLimit(limitText)
      if (Result.isFailure(limit))
        return ErrorReply.json(400, `limit must be a whole number above 0, got ${JSON.stringify(limitText)}`)
      const route = request.query.get("route")
      const job = request.query.get("job")
      const summary = requests.summary({
        limit: limit.success,
        ...(route === null ? {} : { route }),
        ...(job === null ? {} : { job })
      })
      return { status: 200, body: JSON.stringify(encodeSummary(summary)) }
    }
  }
]
