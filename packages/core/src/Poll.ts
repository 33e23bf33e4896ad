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
 * import { Job, Poll, Ukssdc } from "@jobscope/core"
 *
 * const policy = Poll.make(Ukssdc.source)
 * let state = Poll.initial(policy)
 * // after each poll that got an answer:
 * const decision = Poll.next(policy, state, { snapshot, events: Job.diff(previous, snapshot, Ukssdc.source) }, random)
 * state = decision.state
 * // sleep decision.delay, then poll again (decision.reason says why: "eta", "backoff" …)
 * ```
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import * as Eta from "./Eta.js"
import * as Job from "./Job.js"
import type * as Pace from "./Pace.js"
import type * as Source from "./Source.js"

/** How one job is polled. Build one with {@link make}. */
export interface Policy {
  /** The API polled: what counts as movement comes from it. */
  readonly source: Source.Source
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

/**
 * How many polls past the expected finish stay at the floor (a minute for
 * UKSSDC) before the wait grows again: by then the estimate was wrong, and the
 * job may take much longer.
 */
const overdueGrace = 6

/** The politeness floor a Source asks for (UKSSDC 10 s; TOO and TOM 1 s). */
export const politeFloor = (source: Source.Source): Duration.Duration =>
  Duration.millis(source.polling.politeFloor)

/** What {@link make} adjusts; every field is optional. */
export interface Options {
  /** Never poll more often than this; raised to {@link politeFloor} when lower (default: the Source's floor: 10 s for UKSSDC, 1 s for TOO and TOM). */
  readonly floor?: Duration.Input
  /**
   * The floor, taken as given even under {@link politeFloor}: the only way to
   * poll faster than the service asks, meant for simulators and tests
   * (default: none). Give `floor` or `unsafeFloor`, not both.
   */
  readonly unsafeFloor?: Duration.Input
  /** Longest wait between polls, before jitter (default: the Source's ceiling: 2 min for UKSSDC, 15 s for TOO, 1 min for TOM; raised to the floor when under it). */
  readonly ceiling?: Duration.Input
  /** How much the wait grows after each quiet poll, at least 1 (default: the Source's, 1.5 for the built-in APIs). */
  readonly backoff?: number
  /** Up to this fraction of the wait is added at random, from 0 to 1 (default: the Source's, 0.1 for the built-in APIs). */
  readonly jitter?: number
  /** With an ETA, wait this fraction of the remaining time, above 0 and at most 1 (default: the Source's, 0.3 for the built-in APIs). */
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
 * The policy for a Source (its `polling` defaults), adjusted by options.
 * Invalid values (NaN, backoff < 1, jitter outside [0, 1], a ceiling under the
 * floor, both `floor` and `unsafeFloor` …) throw a `RangeError` naming the option.
 *
 * @example
 * ```ts
 * Poll.make(Ukssdc.source, { ceiling: "5 minutes" }) // floor 10 s, backoff 1.5 …
 * Poll.make(Ukssdc.source, { floor: "1 second" }).floor // 10 s: the polite floor wins
 * Poll.make(Ukssdc.source, { unsafeFloor: "1 second" }).floor // 1 s, for a simulator
 * Poll.make(Ukssdc.source, { speed: 60 }).floor // 1/6 s: 10 s of a simulator running 60 times fast
 * ```
 */
export const make = (source: Source.Source, options: Options = {}): Policy => {
  const fallback = source.polling
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
          fallback.politeFloor / speed
        )
  const ceiling =
    options.ceiling === undefined
      ? Math.max(fallback.ceiling / speed, floor)
      : durationOption("ceiling", options.ceiling)
  if (ceiling < floor)
    throw new RangeError(`ceiling must not be under the floor (${floor} ms), got ${ceiling} ms`)
  return {
    source,
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
  tasks: Schema.Array(Eta.TaskTrack)
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
  /**
   * What the watcher learned of its tasks' pace from the jobs it saw end (see
   * `Pace`): with it, a task of a kind seen before is estimated from where the
   * others of its kind stood at the same fraction of their steps. Without it,
   * at an even pace.
   */
  readonly learned?: Pace.Book
}

/**
 * Why a delay was chosen, for a live view ("next poll in 40 s: waiting for the ETA"):
 *
 * - `finished`: every task is over; there is nothing left to poll for.
 * - `moved`: something moved (see `Source.moved`); the wait is back at the floor.
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
  /** Tasks seen to succeed at this poll, for the watcher to add to what it learned (`Pace.record`); only with `learned`. */
  readonly finished: ReadonlyArray<Pace.Finished>
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
  finished: ReadonlyArray<Pace.Finished>,
  remaining?: number
): Decision => {
  const asked = retryAfter === undefined ? 0 : Math.min(Duration.toMillis(retryAfter), maxRetryAfterMillis)
  const base = Math.max(millis, asked)
  const draw = random > 0 ? Math.min(random, 1) : 0
  return {
    delay: Duration.millis(base * (1 + policy.jitter * draw)),
    state,
    reason: asked > millis && reason !== "finished" ? "retry-after" : reason,
    finished,
    ...(remaining === undefined ? {} : { eta: Duration.millis(remaining) })
  }
}

/**
 * When to poll next, after a poll that got an answer. `random` is a number in
 * [0, 1) (the watcher draws it from Effect's `Random`).
 *
 * - Back-off: while nothing moved (as the policy's Source judges it, see
 *   `Source.moved`), the wait grows by `backoff` up to
 *   the ceiling; when something moves, it is back at the floor.
 * - ETA: when every open task has an estimate (see `Eta.ofJob`; the policy also
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
  const learned =
    observation.learned === undefined ? undefined : { book: observation.learned, source: policy.source.name }
  const { remaining, complete, tracks, finished } = Eta.estimate(
    snapshot,
    state.tasks,
    state.polledAt,
    learned
  )
  if (Job.isTerminal(snapshot))
    return decide(policy, initial(policy), floor, "finished", retryAfter, random, finished)
  const movement = policy.source.moved(observation.events)
  const wait = movement ? floor : Math.min(Math.max(state.wait, floor) * policy.backoff, ceiling)
  const quietPolls = movement ? 0 : state.quietPolls + 1
  const toward =
    remaining === undefined ? 0 : Math.min(Math.max(remaining * policy.etaFraction, floor), ceiling)
  if (!complete || remaining === undefined) {
    const after: State = { wait, quietPolls, polledAt: now, overduePolls: 0, tasks: tracks }
    const reason = toward > wait ? "eta" : movement ? "moved" : "backoff"
    return decide(policy, after, Math.max(toward, wait), reason, retryAfter, random, finished)
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
    ? decide(policy, after, Math.max(toward, overdue), "overdue", retryAfter, random, finished, remaining)
    : decide(policy, after, toward, "eta", retryAfter, random, finished, remaining)
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
  return decide(policy, { ...state, wait }, wait, "failure", retryAfter, random, [])
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
