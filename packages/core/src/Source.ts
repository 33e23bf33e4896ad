/**
 * A Source: everything generic code needs to know about one job API, in one
 * value — its id and name for people, the lifecycle its tasks follow, how
 * politely and how often to poll it, what counts as movement, and how to name
 * one of its jobs. `Job.diff`, `Poll`, the follow layer and every renderer
 * take a Source (or find it by a snapshot's `source` id in a {@link Registry}),
 * so adding an API never means editing generic code: write a Source and a
 * mapping of its replies onto `Job.Snapshot`.
 *
 * @example
 * ```ts
 * import { Lifecycle, Source } from "@jobscope/core"
 *
 * const uws = Source.make({
 *   id: "uws",
 *   name: "UWS",
 *   lifecycle: Lifecycle.make("UWS job", [["queued", "running"], ["running", "waiting"], ["waiting", "running"], ["running", "succeeded"]]),
 *   polling: { floor: 2_000, ceiling: 120_000 },
 *   jobNoun: "UWS job"
 * })
 * uws.describeJob("j-17") // "UWS job j-17"
 * ```
 */
import type * as Job from "./Job.js"
import * as Lifecycle from "./Lifecycle.js"

/**
 * How an API wants to be polled, in milliseconds. `politeFloor` is what the
 * service asks for: only an option named `unsafeFloor` polls faster.
 */
export interface Polling {
  /** The floor a policy starts from (at least `politeFloor`). */
  readonly floor: number
  /** The floor the service asks for; nothing but an explicit `unsafeFloor` goes under it. */
  readonly politeFloor: number
  /** The longest wait between two polls of a quiet job, before jitter. */
  readonly ceiling: number
  /** How much the wait grows after each poll that saw nothing move (at least 1). */
  readonly backoff: number
  /** Up to this fraction of the wait is added at random (0 to 1). */
  readonly jitter: number
  /** With an ETA, wait this fraction of the remaining time (above 0, at most 1). */
  readonly etaFraction: number
}

/** One job API as generic code sees it. Build one with {@link make}. */
export interface Source {
  /** The id snapshots of this API carry as `source`: "ukssdc", "too", "tom", "uws" … */
  readonly id: string
  /** The API's name for people: "UKSSDC", "Swift TOO", "TOM". */
  readonly name: string
  /** The lifecycle every task of this API follows; `Job.diff` judges moves against it. */
  readonly lifecycle: Lifecycle.Lifecycle
  /** How to poll it (times in milliseconds). */
  readonly polling: Polling
  /**
   * Whether the events of one poll count as movement, which brings a
   * back-off wait back to the floor. Default: a task added, a change of
   * phase, an anomaly or a new output ({@link milestones}).
   */
  readonly moved: (events: ReadonlyArray<Job.Event>) => boolean
  /** One of its jobs for people: "UKSSDC job 14". */
  readonly describeJob: (jobId: string) => string
}

/** What {@link make} takes: an id, a name and a lifecycle; every other field has a default. */
export interface Options {
  readonly id: string
  readonly name: string
  readonly lifecycle: Lifecycle.Lifecycle
  /** Polling, each field defaulting to {@link defaultPolling}'s; a floor under the polite floor is raised to it. */
  readonly polling?: Partial<Polling>
  /** Default: {@link milestones}. */
  readonly moved?: (events: ReadonlyArray<Job.Event>) => boolean
  /** What one job is called, before its id: "UKSSDC job" (default: `${name} job`). */
  readonly jobNoun?: string
  /** One job for people, when "noun id" will not do (default: `${jobNoun} ${jobId}`). */
  readonly describeJob?: (jobId: string) => string
}

const second = 1000

/**
 * Polling for an API that says nothing of its own: a 1 s polite floor, a 5 s
 * floor, a minute at most, ×1.5 back-off, 10% jitter, 0.3 of an ETA. A backoff
 * of 1.5 takes seven quiet polls to reach a ceiling 12 times the floor; an ETA
 * fraction of 0.3 keeps polls ahead of the finish when the estimate runs up to
 * three times too long.
 */
export const defaultPolling: Polling = {
  floor: 5 * second,
  politeFloor: 1 * second,
  ceiling: 60 * second,
  backoff: 1.5,
  jitter: 0.1,
  etaFraction: 0.3
}

/**
 * Whether any event is a milestone: a task added, a change of phase, an
 * anomaly or a new output. Steps, counters, log lines and new status text
 * within a phase tick along on almost every poll of a busy job, and the ETA
 * follows them instead.
 */
export const milestones = (events: ReadonlyArray<Job.Event>): boolean => events.some(isMilestone)

/** Whether any event at all happened: for APIs whose only progress is free text and a log (a TOM). */
export const anyEvent = (events: ReadonlyArray<Job.Event>): boolean => events.length > 0

const isMilestone = (event: Job.Event): boolean => {
  switch (event._tag) {
    case "TaskAdded":
    case "Anomaly":
    case "OutputAdded":
      return true
    case "PhaseChanged":
      return event.from !== event.to
    default:
      return false
  }
}

/**
 * A Source from its id, name and lifecycle, with defaults for the rest.
 * Throws a `RangeError` for polling values no policy could use.
 */
export const make = (options: Options): Source => {
  const polling: Polling = { ...defaultPolling, ...options.polling }
  const { politeFloor, ceiling, backoff, jitter, etaFraction } = polling
  const floor = Math.max(polling.floor, politeFloor)
  if (!(politeFloor > 0 && Number.isFinite(politeFloor)))
    throw new RangeError(`${options.id}: politeFloor must be a positive number of milliseconds`)
  if (!(ceiling >= floor && Number.isFinite(ceiling)))
    throw new RangeError(`${options.id}: the ceiling must be finite and not under the floor (${floor} ms)`)
  if (!(backoff >= 1 && Number.isFinite(backoff)))
    throw new RangeError(`${options.id}: backoff must be at least 1`)
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`${options.id}: jitter must be from 0 to 1`)
  if (!(etaFraction > 0 && etaFraction <= 1))
    throw new RangeError(`${options.id}: etaFraction must be above 0 and at most 1`)
  const noun = options.jobNoun ?? `${options.name} job`
  return {
    id: options.id,
    name: options.name,
    lifecycle: options.lifecycle,
    polling: { ...polling, floor },
    moved: options.moved ?? milestones,
    describeJob: options.describeJob ?? ((jobId) => `${noun} ${jobId}`)
  }
}

/**
 * The Source of an id no registry knows: its id as its name, the
 * {@link Lifecycle.generic} lifecycle (forward through the phases in their
 * natural order) and the default polling.
 */
export const unknown = (id: string): Source =>
  make({ id, name: id, lifecycle: Lifecycle.generic, jobNoun: `${id} job` })

/** Sources by id, for code that meets snapshots of several APIs (renderers, a service). */
export interface Registry {
  /** The Source of an id; {@link unknown} when none was registered under it. */
  readonly get: (id: string) => Source
  /** Every registered Source, in the order given. */
  readonly sources: ReadonlyArray<Source>
}

/** A registry of Sources; a later Source with the same id replaces an earlier one. */
export const registry = (sources: Iterable<Source>): Registry => {
  const byId = new Map<string, Source>()
  for (const source of sources) byId.set(source.id, source)
  const fallbacks = new Map<string, Source>()
  return {
    sources: [...byId.values()],
    get: (id) => {
      const known = byId.get(id)
      if (known !== undefined) return known
      let fallback = fallbacks.get(id)
      if (fallback === undefined) {
        fallback = unknown(id)
        fallbacks.set(id, fallback)
      }
      return fallback
    }
  }
}

/** A registry with more Sources (each replacing one of the same id). */
export const register = (base: Registry, ...sources: ReadonlyArray<Source>): Registry =>
  registry([...base.sources, ...sources])
