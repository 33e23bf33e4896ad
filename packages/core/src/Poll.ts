/**
 * When to poll a job next: a pure policy the watcher asks after every poll.
 * It never polls a job more often than the API's politeness floor (UKSSDC asks
 * for one request per ~10 s per job), backs off while nothing moves, comes
 * back to the floor when something does, closes in on the finish an ETA
 * estimates from step counters and running time, and honours Retry-After.
 * The time comes from the snapshot (`observedAt`) and randomness as an
 * argument, so the same inputs always give the same decision.
 *
 * @example
 * ```ts
 * import { Job, Poll } from "@jobscope/core"
 *
 * let state = Poll.initial(Poll.ukssdc)
 * // after each poll that got an answer:
 * const decision = Poll.next(Poll.ukssdc, state, { snapshot, events: Job.diff(previous, snapshot) }, random)
 * state = decision.state
 * // sleep decision.delay, then poll again (decision.reason says why: "eta", "backoff" …)
 * ```
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import * as Job from "./Job.js"
import * as Phase from "./Phase.js"
import * as Progress from "./Progress.js"

/** How one job is polled. Build one with {@link make}. */
export interface Policy {
  /** Never poll one job more often than this. */
  readonly floor: Duration.Duration
  /** Longest wait between polls, however quiet the job (and the longest ETA-based wait), before jitter. */
  readonly ceiling: Duration.Duration
  /** How much the wait grows after each poll that saw nothing move (e.g. 1.5). */
  readonly backoff: number
  /** Up to this fraction of the wait is added at random, so many jobs spread out (e.g. 0.1). Never subtracted. */
  readonly jitter: number
  /** With an ETA, wait this fraction of the remaining time (e.g. 0.3), so polls close in on the finish. */
  readonly etaFraction: number
}

/** The APIs with a policy of their own; any other name gets a generic one. */
export type Api = "ukssdc" | "too" | "tom" | (string & {})

interface Defaults {
  readonly floor: number
  readonly ceiling: number
  readonly backoff: number
  readonly jitter: number
  readonly etaFraction: number
}

const second = 1000

/**
 * Every default, in one place (times in milliseconds).
 *
 * - ukssdc: the documents ask for at most one request per ~10 s per job, and
 *   jobs take minutes to hours. A quiet job is polled every 2 min at most; the
 *   ETA rule brings polls back to the floor near the finish.
 * - too: requests wait in the queue for seconds and are processed in seconds;
 *   15 s is the longest anyone should wait to hear the outcome.
 * - tom: the TOM's own page polled every second forever; we start there and
 *   back off to a minute while a process is quiet.
 * - any other API: a modest 5 s floor (its politeness floor is 1 s) and a minute.
 *
 * A backoff of 1.5 takes seven quiet polls to reach a ceiling 12 times the
 * floor. An ETA fraction of 0.3 rather than 0.5 keeps polls ahead of the
 * finish when the estimate runs up to three times too long, as it does when a
 * product's last step is quicker than its others. Driving the simulator's
 * UKSSDC job model (six products, 10–30 min), these defaults used about a
 * quarter of the requests of polling every 10 s, and saw jobs finish a median
 * 7 s after they did.
 */
const defaults: { readonly [api in "ukssdc" | "too" | "tom" | "other"]: Defaults } = {
  ukssdc: { floor: 10 * second, ceiling: 120 * second, backoff: 1.5, jitter: 0.1, etaFraction: 0.3 },
  too: { floor: 1 * second, ceiling: 15 * second, backoff: 1.5, jitter: 0.1, etaFraction: 0.3 },
  tom: { floor: 1 * second, ceiling: 60 * second, backoff: 1.5, jitter: 0.1, etaFraction: 0.3 },
  other: { floor: 5 * second, ceiling: 60 * second, backoff: 1.5, jitter: 0.1, etaFraction: 0.3 }
}

/**
 * How many polls past the expected finish stay at the floor (a minute for
 * UKSSDC) before the wait grows again: by then the estimate was wrong, and the
 * job may take much longer.
 */
const overdueGrace = 6

const defaultsOf = (api: Api): Defaults => {
  switch (api) {
    case "ukssdc":
      return defaults.ukssdc
    case "too":
      return defaults.too
    case "tom":
      return defaults.tom
    default:
      return defaults.other
  }
}

/** The politeness floor an API asks for: ukssdc 10 s; too and tom 1 s; anything else 1 s. */
export const politeFloor = (api: Api): Duration.Duration => Duration.seconds(api === "ukssdc" ? 10 : 1)

/** What {@link make} adjusts; every field is optional. */
export interface Options {
  /** Never poll more often than this; raised to {@link politeFloor} when lower (default: 10 s for ukssdc, 1 s for too and tom, 5 s otherwise). */
  readonly floor?: Duration.Input
  /**
   * The floor, taken as given even under {@link politeFloor}: the only way to
   * poll faster than the service asks, meant for simulators and tests
   * (default: none). Give `floor` or `unsafeFloor`, not both.
   */
  readonly unsafeFloor?: Duration.Input
  /** Longest wait between polls, before jitter (default: 2 min for ukssdc, 15 s for too, 1 min otherwise; raised to the floor when under it). */
  readonly ceiling?: Duration.Input
  /** How much the wait grows after each quiet poll, at least 1 (default: 1.5). */
  readonly backoff?: number
  /** Up to this fraction of the wait is added at random, from 0 to 1 (default: 0.1). */
  readonly jitter?: number
  /** With an ETA, wait this fraction of the remaining time, above 0 and at most 1 (default: 0.3). */
  readonly etaFraction?: number
  /**
   * How many times faster than real time the server's clock runs: a
   * simulator's speed (default: 1). The default floor and ceiling and the
   * politeness floor are divided by it, so the server sees, in its own time,
   * the rate it asks for; a `floor`, `unsafeFloor` or `ceiling` given here is
   * taken as it is. ETAs stay in the server's time.
   */
  readonly speed?: number
}

/** A positive, finite duration option in milliseconds, or a `RangeError` naming it. */
const durationOption = (name: string, input: Duration.Input): number => {
  let millis: number
  try {
    millis = Duration.toMillis(Duration.fromInputUnsafe(input))
  } catch {
    throw new RangeError(`${name} must be a duration such as "10 seconds", got ${String(input)}`)
  }
  // Effect reads NaN as zero; a NaN here is a mistake, not a wish to poll without pause.
  if (!(Number.isFinite(millis) && millis > 0) || Number.isNaN(input))
    throw new RangeError(`${name} must be a positive, finite duration, got ${String(input)}`)
  return millis
}

/** A number option, or its default, or a `RangeError` naming it. */
const numberOption = (
  name: string,
  value: number | undefined,
  fallback: number,
  isValid: (value: number) => boolean,
  range: string
): number => {
  const chosen = value ?? fallback
  if (!(typeof chosen === "number" && isValid(chosen)))
    throw new RangeError(`${name} must be ${range}, got ${String(chosen)}`)
  return chosen
}

/**
 * The default policy for an API, adjusted by options. Invalid values (NaN,
 * backoff < 1, jitter outside [0, 1], a ceiling under the floor, both `floor`
 * and `unsafeFloor` …) throw a `RangeError` naming the option.
 *
 * @example
 * ```ts
 * Poll.make("ukssdc", { ceiling: "5 minutes" }) // floor 10 s, backoff 1.5 …
 * Poll.make("ukssdc", { floor: "1 second" }).floor // 10 s: the polite floor wins
 * Poll.make("ukssdc", { unsafeFloor: "1 second" }).floor // 1 s, for a simulator
 * Poll.make("ukssdc", { speed: 60 }).floor // 1/6 s: 10 s of a simulator running 60 times fast
 * ```
 */
export const make = (api: Api, options: Options = {}): Policy => {
  const fallback = defaultsOf(api)
  if (options.floor !== undefined && options.unsafeFloor !== undefined)
    throw new RangeError("give floor or unsafeFloor, not both")
  const speed = numberOption(
    "speed",
    options.speed,
    1,
    (n) => n > 0 && n < Infinity,
    "a positive, finite number"
  )
  const floor =
    options.unsafeFloor !== undefined
      ? durationOption("unsafeFloor", options.unsafeFloor)
      : Math.max(
          options.floor === undefined ? fallback.floor / speed : durationOption("floor", options.floor),
          Duration.toMillis(politeFloor(api)) / speed
        )
  const ceiling =
    options.ceiling === undefined
      ? Math.max(fallback.ceiling / speed, floor)
      : durationOption("ceiling", options.ceiling)
  if (ceiling < floor)
    throw new RangeError(`ceiling must not be under the floor (${floor} ms), got ${ceiling} ms`)
  return {
    floor: Duration.millis(floor),
    ceiling: Duration.millis(ceiling),
    backoff: numberOption(
      "backoff",
      options.backoff,
      fallback.backoff,
      (n) => n >= 1 && n < Infinity,
      "at least 1"
    ),
    jitter: numberOption("jitter", options.jitter, fallback.jitter, (n) => n >= 0 && n <= 1, "from 0 to 1"),
    etaFraction: numberOption(
      "etaFraction",
      options.etaFraction,
      fallback.etaFraction,
      (n) => n > 0 && n <= 1,
      "above 0 and at most 1"
    )
  }
}

/** The default UKSSDC policy: floor 10 s, ceiling 2 min, backoff 1.5, jitter 0.1, ETA fraction 0.3. */
export const ukssdc: Policy = make("ukssdc")

/** The default Swift TOO policy: floor 1 s, ceiling 15 s, backoff 1.5, jitter 0.1, ETA fraction 0.3. */
export const too: Policy = make("too")

/** The default TOM policy: floor 1 s, ceiling 1 min, backoff 1.5, jitter 0.1, ETA fraction 0.3. */
export const tom: Policy = make("tom")

/**
 * The rest of a task at the pace so far: `running` × (1 − f) / f, when 0 < f < 1,
 * time has run, and the answer is a number (a fraction too small for one
 * says nothing useful).
 */
const restAtPace = (running: number, fraction: number): number | undefined => {
  if (!(fraction > 0 && fraction < 1 && running > 0)) return undefined
  const rest = (running * (1 - fraction)) / fraction
  return Number.isFinite(rest) ? rest : undefined
}

/**
 * The estimate for one task: elapsed × (1 − f) / f with f =
 * `Progress.fraction(steps)`, the rest at the pace so far. `undefined` without
 * a running time or steps, or with nothing or everything done.
 */
export const taskEta = (task: Job.Task): Duration.Duration | undefined => {
  if (task.elapsed === undefined || task.steps === undefined) return undefined
  const rest = restAtPace(Duration.toMillis(task.elapsed), Progress.fraction(task.steps))
  return rest === undefined ? undefined : Duration.millis(rest)
}

/** Whether a task can hold its job open: neither over nor unknown to the server. */
const isOpen = (task: Job.Task): boolean => task.phase !== "unknown" && !Phase.isTerminal(task.phase)

/**
 * What the policy remembers of one task between polls: where its current pass
 * began, and the fraction done and the estimate when it last moved.
 */
export const TaskTrack = Schema.Struct({
  id: Schema.String,
  /** `Progress.fraction` of the task's steps when it last moved. */
  fraction: Schema.Finite,
  /**
   * The running time, in milliseconds, at which the task's current pass began:
   * 0, or when its fraction last fell (a product that starts its steps over,
   * as the enhanced position does with other UVOT filters).
   */
  origin: Schema.Finite,
  /** When the fraction moved (taken as halfway between the two polls that saw it), in epoch milliseconds. */
  at: Schema.Finite,
  /** The remaining time estimated at `at`, in milliseconds, when there was one. */
  remaining: Schema.optionalKey(Schema.Finite)
})

/** What the policy remembers of one task between polls. */
export interface TaskTrack extends Schema.Schema.Type<typeof TaskTrack> {}

/** The remaining time of a job's tasks, and the tracks to remember. */
interface Estimate {
  /** The largest remaining time of the open tasks that have one, in milliseconds. */
  readonly remaining: number | undefined
  /** Whether every open task has one, so that `remaining` is the job's. */
  readonly complete: boolean
  readonly tracks: ReadonlyArray<TaskTrack>
}

/**
 * The remaining time of a job's open tasks, from a snapshot and what earlier
 * polls saw. Each task is estimated as in {@link taskEta}, corrected by its
 * history: a fraction that moved since the previous poll (`polledAt`) is taken
 * to have moved halfway between the two polls; a fraction that fell starts a
 * new pass, timed from then on; and while a fraction stands still (a step
 * without a counter), the estimate made when it last moved counts down
 * instead of growing with the running time.
 */
const estimate = (
  snapshot: Job.Snapshot,
  tracks: ReadonlyArray<TaskTrack>,
  polledAt: number | undefined
): Estimate => {
  const now = snapshot.observedAt.getTime()
  const movedAt = polledAt !== undefined && polledAt < now ? (polledAt + now) / 2 : now
  const kept: Array<TaskTrack> = []
  let remaining: number | undefined
  let complete = true
  for (const task of snapshot.tasks) {
    if (!isOpen(task)) continue
    if (task.elapsed === undefined || task.steps === undefined || !Duration.isFinite(task.elapsed)) {
      complete = false
      continue
    }
    const fraction = Progress.fraction(task.steps)
    const before = tracks.find((track) => track.id === task.id)
    const track =
      before !== undefined && before.fraction === fraction && before.at <= now
        ? before
        : moveTrack(task.id, fraction, Duration.toMillis(task.elapsed) - (now - movedAt), movedAt, before)
    kept.push(track)
    if (track.remaining === undefined) complete = false
    else remaining = Math.max(remaining ?? 0, track.remaining - (now - track.at), 0)
  }
  return { remaining, complete: complete && remaining !== undefined, tracks: kept }
}

/** A task's track after its fraction moved at `at`, when it had been running `elapsed` ms. */
const moveTrack = (
  id: string,
  fraction: number,
  elapsed: number,
  at: number,
  before: TaskTrack | undefined
): TaskTrack => {
  const origin = before === undefined ? 0 : fraction < before.fraction ? Math.max(elapsed, 0) : before.origin
  const rest = restAtPace(elapsed - origin, fraction)
  return { id, fraction, origin, at, ...(rest === undefined ? {} : { remaining: rest }) }
}

/**
 * The job's remaining time estimated from one snapshot: the largest
 * {@link taskEta} of its open tasks, or `undefined` when it cannot be told
 * (the job is over, or a task is queued, waiting, or reports no steps).
 */
export const eta = (snapshot: Job.Snapshot): Duration.Duration | undefined => {
  const { remaining, complete } = estimate(snapshot, [], undefined)
  return complete && remaining !== undefined ? Duration.millis(remaining) : undefined
}

/** What the policy remembers between polls: plain data that is its own JSON (times in milliseconds). */
export const State = Schema.Struct({
  /** The back-off wait so far, in milliseconds: the floor after movement, times `backoff` after each quiet poll, up to the ceiling. */
  wait: Schema.Finite,
  /** Polls in a row that saw nothing move. */
  quietPolls: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  /** When the previous answered poll was taken (its snapshot's `observedAt`), in epoch milliseconds. */
  polledAt: Schema.optionalKey(Schema.Finite),
  /** When the last estimate said the job would finish, in epoch milliseconds, while there is one. */
  expectedAt: Schema.optionalKey(Schema.Finite),
  /** Polls in a row that found the job unfinished after `expectedAt`. */
  overduePolls: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  /** The open tasks that report steps, as they last moved. */
  tasks: Schema.Array(TaskTrack)
})

/** What the policy remembers between polls. */
export interface State extends Schema.Schema.Type<typeof State> {}

/** The state before the first poll: the wait at the floor, nothing seen yet. */
export const initial = (policy: Policy): State => ({
  wait: Duration.toMillis(policy.floor),
  quietPolls: 0,
  overduePolls: 0,
  tasks: []
})

/** What one poll saw. */
export interface Observation {
  /** The job as this poll saw it; its `observedAt` is the policy's "now". */
  readonly snapshot: Job.Snapshot
  /** What changed since the previous poll, as `Job.diff(previous, snapshot)` reports it (empty for the first poll). */
  readonly events: ReadonlyArray<Job.Event>
  /** A Retry-After the server sent, if any. */
  readonly retryAfter?: Duration.Duration
}

/**
 * Why a delay was chosen, for a live view ("next poll in 40 s: waiting for the ETA"):
 *
 * - `finished`: every task is over; there is nothing left to poll for.
 * - `moved`: something moved (see {@link moved}); the wait is back at the floor.
 * - `backoff`: nothing moved; the wait grew by `backoff`.
 * - `eta`: a fraction of the estimated remaining time.
 * - `overdue`: past the estimated finish; at the floor for a few polls, then backing off.
 * - `retry-after`: the server asked for a longer wait.
 * - `failure`: the request failed; backing off.
 */
export type Reason = "finished" | "moved" | "backoff" | "eta" | "overdue" | "retry-after" | "failure"

/** When to poll next and why, with the state to pass to the next call. */
export interface Decision {
  /** How long to wait before the next poll: never under the floor, nor under a Retry-After. */
  readonly delay: Duration.Duration
  readonly state: State
  readonly reason: Reason
  /** The job's remaining time as the policy estimates it, when it can tell. */
  readonly eta?: Duration.Duration
}

/**
 * Whether any of the events counts as movement, which brings the back-off
 * wait back to the floor: a task added, a change of phase, or an anomaly.
 * Steps, counters, log lines and new status text within a phase tick along
 * on almost every UKSSDC poll and do not count there (the ETA follows them
 * instead); on a TOM, whose only progress is its free-text status and its
 * log, every event counts.
 */
export const moved = (source: Job.Source, events: ReadonlyArray<Job.Event>): boolean =>
  source === "tom" ? events.length > 0 : events.some(isMilestone)

const isMilestone = (event: Job.Event): boolean => {
  switch (event._tag) {
    case "TaskAdded":
    case "Anomaly":
      return true
    case "PhaseChanged":
      return event.from !== event.to
    case "StepStarted":
    case "StepDone":
    case "CounterAdvanced":
    case "LogAppended":
      return false
  }
}

/** The longest Retry-After obeyed (1 hour): a server asking for more (10^9 s, or Infinity) gets this. */
export const maxRetryAfter: Duration.Duration = Duration.hours(1)
const maxRetryAfterMillis = Duration.toMillis(maxRetryAfter)

/**
 * A decision: the longer of `millis` and a Retry-After (which then gives the
 * reason, unless the job is finished), plus jitter (up to `jitter` of it,
 * never less). `random` outside [0, 1) is clamped into it.
 */
const decide = (
  policy: Policy,
  state: State,
  millis: number,
  reason: Reason,
  retryAfter: Duration.Duration | undefined,
  random: number,
  remaining?: number
): Decision => {
  const asked = retryAfter === undefined ? 0 : Math.min(Duration.toMillis(retryAfter), maxRetryAfterMillis)
  const base = Math.max(millis, asked)
  const draw = random > 0 ? Math.min(random, 1) : 0
  return {
    delay: Duration.millis(base * (1 + policy.jitter * draw)),
    state,
    reason: asked > millis && reason !== "finished" ? "retry-after" : reason,
    ...(remaining === undefined ? {} : { eta: Duration.millis(remaining) })
  }
}

/**
 * When to poll next, after a poll that got an answer. `random` is a number in
 * [0, 1) (the watcher draws it from Effect's `Random`).
 *
 * - Back-off: while nothing {@link moved}, the wait grows by `backoff` up to
 *   the ceiling; when something moves, it is back at the floor.
 * - ETA: when every open task has an estimate (see {@link eta}; the policy also
 *   uses what earlier polls saw), the delay is `etaFraction` of the job's
 *   remaining time, between floor and ceiling, so polls close in on the
 *   finish. While some tasks have none (queued, waiting), the job cannot end
 *   before the others, so the back-off wait is at least that long.
 * - Overdue: past the estimated finish, polls stay at the floor for six
 *   polls, then back off from the floor (the estimate was wrong).
 * - A Retry-After longer than the delay replaces it; jitter is then added.
 *
 * The delay is never under the floor, nor under a Retry-After.
 */
export const next = (policy: Policy, state: State, observation: Observation, random: number): Decision => {
  const { snapshot, retryAfter } = observation
  const floor = Duration.toMillis(policy.floor)
  const ceiling = Duration.toMillis(policy.ceiling)
  const now = snapshot.observedAt.getTime()
  if (Job.isTerminal(snapshot)) return decide(policy, initial(policy), floor, "finished", retryAfter, random)
  const movement = moved(snapshot.source, observation.events)
  const wait = movement ? floor : Math.min(Math.max(state.wait, floor) * policy.backoff, ceiling)
  const quietPolls = movement ? 0 : state.quietPolls + 1
  const { remaining, complete, tracks } = estimate(snapshot, state.tasks, state.polledAt)
  const toward =
    remaining === undefined ? 0 : Math.min(Math.max(remaining * policy.etaFraction, floor), ceiling)
  if (!complete || remaining === undefined) {
    const after: State = { wait, quietPolls, polledAt: now, overduePolls: 0, tasks: tracks }
    const reason = toward > wait ? "eta" : movement ? "moved" : "backoff"
    return decide(policy, after, Math.max(toward, wait), reason, retryAfter, random)
  }
  const overduePolls = state.expectedAt !== undefined && now >= state.expectedAt ? state.overduePolls + 1 : 0
  const overdue = Math.min(floor * policy.backoff ** Math.max(overduePolls - overdueGrace, 0), ceiling)
  const after: State = {
    wait,
    quietPolls,
    polledAt: now,
    expectedAt: now + remaining,
    overduePolls,
    tasks: tracks
  }
  return overduePolls > 0
    ? decide(policy, after, Math.max(toward, overdue), "overdue", retryAfter, random, remaining)
    : decide(policy, after, toward, "eta", retryAfter, random, remaining)
}

/**
 * When to poll next after a request that failed (a network error, a 5xx or a
 * 429 that exhausted its retries): the wait grows by `backoff` up to the
 * ceiling, is never under the floor, and is at least `retryAfter`.
 */
export const afterFailure = (
  policy: Policy,
  state: State,
  retryAfter: Duration.Duration | undefined,
  random: number
): Decision => {
  const floor = Duration.toMillis(policy.floor)
  const wait = Math.min(Math.max(state.wait, floor) * policy.backoff, Duration.toMillis(policy.ceiling))
  return decide(policy, { ...state, wait }, wait, "failure", retryAfter, random)
}

/**
 * A delay cut short so that it ends at the deadline at the latest (zero once
 * it has passed); the delay itself without a deadline. The watcher sleeps this
 * long and, if the deadline has come, ends with its timeout instead of
 * polling, so a shortened delay never leads to a poll under the floor.
 */
export const capToDeadline = (
  delay: Duration.Duration,
  now: Date,
  deadline: Date | undefined
): Duration.Duration =>
  deadline === undefined
    ? delay
    : Duration.min(delay, Duration.millis(Math.max(deadline.getTime() - now.getTime(), 0)))
