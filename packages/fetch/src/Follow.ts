/**
 * Following jobs, of any API: `watch` turns a followable job (a built-in
 * UKSSDC, Swift TOO or TOM job from `JobRef`, or a third party's
 * `Followable`) into a stream of snapshots and `Job.diff` events that ends
 * when the job is over; `watchAll` follows thousands at once; `status` asks
 * once; `waitFor` waits for the end. Polling follows the core's `Poll` policy
 * for the job's Source: never under its floor (10 s for UKSSDC), backing off
 * while nothing moves, closing in on the estimated finish.
 *
 * @example
 * ```ts
 * import { Follow, JobRef } from "@jobscope/fetch"
 * import * as Stream from "effect/Stream"
 *
 * const program = Follow.watch(JobRef.ukssdc(14)).pipe(
 *   Stream.runForEach((update) =>
 *     Effect.log(update._tag === "Observed" ? update.events.map((event) => event._tag) : update.error.message)
 *   )
 * )
 * ```
 */
import { type Job, Poll } from "@jobscope/core"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { FetchError } from "./FetchError.js"
import * as Followable from "./Followable.js"
import * as Poller from "./Poller.js"
import * as Scheduler from "./Scheduler.js"

/** How to watch. Every option has a default. */
export interface Options {
  /** Adjusts the job's polling policy (default: `Poll.make(job.source)`, e.g. a 10 s floor for UKSSDC). */
  readonly policy?: Poll.Options
  /** How long the whole watch may take; then it fails with `DeadlinePassed`, even mid-poll (default: no limit). */
  readonly deadline?: Duration.Input
  /** Failed polls in a row borne before giving up (default: 10). */
  readonly maxFailures?: number
  /** A state saved from an earlier update, to go on from where it left off. */
  readonly resume?: Poller.State
  /** Stops the watch at once when aborted: the stream just ends (default: none; fiber interruption works too). */
  readonly signal?: AbortSignal
  /**
   * What is learned of the tasks' pace as they end, for closer ETAs (default:
   * a new `Poller.learning()`, shared by all the jobs of one `watchAll`).
   * Pass one to keep what was learned across watches, or to save its `book`.
   */
  readonly learning?: Poller.Learning
}

/** The job as it is now, from one request. */
export const status = <J extends Followable.Any>(
  job: J
): Effect.Effect<Job.Snapshot, FetchError, Followable.ContextOf<J>> =>
  Effect.map(Followable.poll(job), (answer) => answer.snapshot)

/**
 * Follows a job until it is over: one update per poll, each with the
 * snapshot, the events since the previous poll, the next poll planned and the
 * state to save. Ends after the poll that finds every task finished; fails
 * with `DeadlinePassed`, `GaveUp` or a refusal.
 */
export const watch = <J extends Followable.Any>(
  job: J,
  options: Options = {}
): Stream.Stream<Poller.Update<Followable.ReplyOf<J>>, Poller.WatchError, Followable.ContextOf<J>> => {
  const updates = Poller.stream(pollerOptions(job, options))
  return options.signal === undefined ? updates : Stream.interruptWhen(updates, aborted(options.signal))
}

/** The poller of one job, as the options say. */
const pollerOptions = <Reply, R>(
  job: Followable.Followable<Reply, R>,
  options: Omit<Options, "signal">
): Poller.Options<Reply, R> => ({
  job,
  policy: Poll.make(job.source, options.policy),
  ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
  ...(options.maxFailures === undefined ? {} : { maxFailures: options.maxFailures }),
  ...(options.resume === undefined ? {} : { resume: options.resume }),
  learning: options.learning ?? Poller.learning()
})

/** Completes when the signal aborts (at once if it already has). */
const aborted = (signal: AbortSignal): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    if (signal.aborted) return resume(Effect.void)
    const onAbort = () => resume(Effect.void)
    signal.addEventListener("abort", onAbort, { once: true })
    return Effect.sync(() => signal.removeEventListener("abort", onAbort))
  })

/**
 * Waits until a job is over and answers its last update: the final snapshot
 * and the reply it came from (a TOO job's result is in the reply).
 */
export const waitFor = <J extends Followable.Any>(
  job: J,
  options: Options = {}
): Effect.Effect<Poller.Observed<Followable.ReplyOf<J>>, Poller.WatchError, Followable.ContextOf<J>> =>
  Effect.flatMap(
    Stream.runLast(Stream.filter(watch(job, options), (update) => update._tag === "Observed")),
    (last) =>
      Option.isSome(last) && last.value.next === undefined
        ? Effect.succeed(last.value as Poller.Observed<Followable.ReplyOf<J>>)
        : Effect.interrupt
  )

/** A watch's place, to save and resume: which job (its `key`), and the poller's state. */
export const Saved = Schema.Struct({ key: Schema.String, state: Poller.State })

/** A watch's place, to save and resume. */
export interface Saved extends Schema.Schema.Type<typeof Saved> {}

/** A watch's place as plain JSON. */
export const SavedJson = Schema.toCodecJson(Saved)

/** One job's update, or how its watch ended without the job being over, in a {@link watchAll}. */
export type Many<J extends Followable.Any> =
  | { readonly _tag: "Update"; readonly job: J; readonly update: Poller.Update<Followable.ReplyOf<J>> }
  | { readonly _tag: "Failed"; readonly job: J; readonly error: Poller.WatchError }

/**
 * Follows many jobs at once, each on its own schedule; their updates come
 * interleaved as they happen. A job whose watch fails is reported and the
 * others go on. Jobs wait their turn as plain state (see `Scheduler`), and at
 * most `concurrency` polls are in flight at once, so thousands of jobs cost
 * little and a burst of due jobs queues politely (the transport's per-host
 * limit holds too). Saved places are matched to jobs by `key`.
 */
export const watchAll = <J extends Followable.Any>(
  jobs: Iterable<J>,
  options: Omit<Options, "resume" | "signal"> & {
    /** Saved places, as {@link Saved} values, to resume some or all of the jobs. */
    readonly resume?: ReadonlyArray<Saved>
    /** How many polls may be in flight at once, across all the jobs (default: 16). */
    readonly concurrency?: number
    /** Stops every watch at once when aborted: the stream just ends (default: none). */
    readonly signal?: AbortSignal
  } = {}
): Stream.Stream<Many<J>, never, Followable.ContextOf<J>> => {
  const saved = new Map((options.resume ?? []).map((entry) => [entry.key, entry.state]))
  const { resume: _, signal: __, concurrency: ___, ...rest } = options
  const shared = { ...rest, learning: options.learning ?? Poller.learning() }
  const members = Array.from(jobs, (job) => {
    const resume = saved.get(job.key)
    return {
      key: job,
      poller: Poller.steps(pollerOptions(job, resume === undefined ? shared : { ...shared, resume }))
    }
  })
  const items = Stream.map(
    Scheduler.run(members, options.concurrency ?? 16),
    (item): Many<J> =>
      item._tag === "Update"
        ? { _tag: "Update", job: item.key, update: item.update }
        : { _tag: "Failed", job: item.key, error: item.error }
  )
  return (
    options.signal === undefined ? items : Stream.interruptWhen(items, aborted(options.signal))
  ) as Stream.Stream<Many<J>, never, Followable.ContextOf<J>>
}
