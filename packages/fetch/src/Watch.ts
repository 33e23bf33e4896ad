/**
 * Following jobs: `watch` turns any job (a UKSSDC job, a Swift TOO job, a TOM
 * target or pipeline) into a stream of snapshots and `Job.diff` events that
 * ends when the job is over; `watchAll` follows thousands at once; `status`
 * asks once; `waitFor` waits for the end. Polling follows the core's `Poll`
 * policy for the job's API: never under its floor (10 s for UKSSDC), backing
 * off while nothing moves, closing in on the estimated finish.
 *
 * @example
 * ```ts
 * import { JobRef, Watch } from "@jobscope/fetch"
 * import * as Stream from "effect/Stream"
 *
 * const program = Watch.watch(JobRef.ukssdc(14)).pipe(
 *   Stream.runForEach((update) =>
 *     Effect.log(update._tag === "Observed" ? update.events.map((event) => event._tag) : update.error.message)
 *   )
 * )
 * ```
 */
import { type Job, Poll, Tom, Too, Ukssdc } from "@jobscope/core"
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { FetchError } from "./FetchError.js"
import * as Fleet from "./Fleet.js"
import * as AskedProducts from "./internal/askedProducts.js"
import * as JobRef from "./JobRef.js"
import { TomClient } from "./TomClient.js"
import { TooClient } from "./TooClient.js"
import { UkssdcClient } from "./UkssdcClient.js"
import * as Watcher from "./Watcher.js"

/** The reply a job's snapshot is made from, by the kind of job. */
export type ReplyOf<Ref extends JobRef.JobRef> = Ref extends JobRef.UkssdcJob
  ? Ukssdc.StatusOk
  : Ref extends JobRef.TooJob
    ? Too.Status
    : Ref extends JobRef.TomTarget
      ? Tom.AsyncStatusResponse
      : Tom.PipelineLogs

/** The client a kind of job is asked through. */
export type ClientOf<Ref extends JobRef.JobRef> = Ref extends JobRef.UkssdcJob
  ? UkssdcClient
  : Ref extends JobRef.TooJob
    ? TooClient
    : TomClient

/** How to watch. Every option has a default. */
export interface Options {
  /** Adjusts the API's polling policy (default: `Poll.make(api)`, e.g. a 10 s floor for UKSSDC). */
  readonly policy?: Poll.Options
  /** How long the whole watch may take; then it fails with `DeadlinePassed`, even mid-poll (default: no limit). */
  readonly deadline?: Duration.Input
  /** Failed polls in a row borne before giving up (default: 10). */
  readonly maxFailures?: number
  /** A state saved from an earlier update, to go on from where it left off. */
  readonly resume?: Watcher.State
  /**
   * A reply already in hand, such as the first status `TooClient.request`
   * answered: taken as the first poll's answer, so the watch asks the server
   * nothing until the policy says to (default: none; the first poll asks at once).
   */
  readonly first?: Reply
  /** Stops the watch at once when aborted: the stream just ends (default: none; fiber interruption works too). */
  readonly signal?: AbortSignal
}

/** One poll of a job: its reply and the snapshot made from it. */
export const poll = <Ref extends JobRef.JobRef>(
  ref: Ref
): Effect.Effect<Watcher.Answer<ReplyOf<Ref>>, FetchError, ClientOf<Ref>> =>
  pollAny(ref) as unknown as Effect.Effect<Watcher.Answer<ReplyOf<Ref>>, FetchError, ClientOf<Ref>>

/** The reply a snapshot of any kind of job is made from. */
export type Reply = Ukssdc.StatusOk | Too.Status | Tom.AsyncStatusResponse | Tom.PipelineLogs

/** The one request that tells where a job stands. */
const request = (
  ref: JobRef.JobRef
): Effect.Effect<Reply, FetchError, UkssdcClient | TooClient | TomClient> => {
  switch (ref._tag) {
    case "UkssdcJob": {
      const products = ref.products
      return Effect.flatMap(UkssdcClient, (client) =>
        client.status(ref.jobId, products === undefined ? {} : { products })
      )
    }
    case "TooJob":
      return Effect.flatMap(TooClient, (client) => client.status(ref.jobnumber))
    case "TomTarget":
      return Effect.flatMap(TomClient, (client) => client.status(ref.target))
    case "TomPipeline":
      return Effect.flatMap(TomClient, (client) => client.logs(ref.pipeline))
  }
}

/** A reply as a snapshot of the job, observed at `observedAt`. */
const snapshotOf = (ref: JobRef.JobRef, reply: Reply, observedAt: Date): Job.Snapshot => {
  const label = ref.label === undefined ? {} : { label: ref.label }
  switch (ref._tag) {
    case "UkssdcJob":
      return AskedProducts.only(
        ref.products,
        Ukssdc.toSnapshot(reply as Ukssdc.StatusOk, {
          observedAt,
          // Asked about all six, the server answers "Unknown status" for those the job lacks.
          onlyTheJobsProducts: ref.products === undefined,
          ...(ref.url === undefined ? {} : { url: ref.url }),
          ...label
        })
      )
    case "TooJob":
      return { ...Too.toSnapshot(reply as Too.Status, { observedAt }), ...label }
    case "TomTarget":
      return Tom.toSnapshot(reply as Tom.AsyncStatusResponse, { target: ref.target, observedAt, ...label })
    case "TomPipeline":
      return Tom.logsToSnapshot(reply as Tom.PipelineLogs, { pipeline: ref.pipeline, observedAt, ...label })
  }
}

/** A reply as a poll's answer, observed now. */
const answerOf = (ref: JobRef.JobRef, reply: Reply): Effect.Effect<Watcher.Answer<Reply>> =>
  Effect.map(now, (observedAt) => ({ snapshot: snapshotOf(ref, reply, observedAt), reply }))

const pollAny = (
  ref: JobRef.JobRef
): Effect.Effect<Watcher.Answer<Reply>, FetchError, UkssdcClient | TooClient | TomClient> =>
  Effect.flatMap(request(ref), (reply) => answerOf(ref, reply))

const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

/** The job as it is now, from one request. */
export const status = <Ref extends JobRef.JobRef>(
  ref: Ref
): Effect.Effect<Job.Snapshot, FetchError, ClientOf<Ref>> =>
  Effect.map(poll(ref), (answer) => answer.snapshot)

/**
 * Follows a job until it is over: one update per poll, each with the
 * snapshot, the events since the previous poll, the next poll planned and the
 * state to save. Ends after the poll that finds every task finished; fails
 * with `DeadlinePassed`, `GaveUp` or a refusal.
 */
export const watch = <Ref extends JobRef.JobRef>(
  ref: Ref,
  options: Options = {}
): Stream.Stream<Watcher.Update<ReplyOf<Ref>>, Watcher.WatchError, ClientOf<Ref>> => {
  const updates = Watcher.make(watcherOptions(ref, options))
  return options.signal === undefined ? updates : Stream.interruptWhen(updates, aborted(options.signal))
}

/** The watcher of one job, as the options say. */
const watcherOptions = <Ref extends JobRef.JobRef>(
  ref: Ref,
  options: Omit<Options, "signal">
): Watcher.Options<ReplyOf<Ref>, ClientOf<Ref>> => ({
  job: JobRef.describe(ref),
  poll: poll(ref),
  policy: Poll.make(JobRef.api(ref), options.policy),
  ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
  ...(options.maxFailures === undefined ? {} : { maxFailures: options.maxFailures }),
  ...(options.resume === undefined ? {} : { resume: options.resume }),
  ...(options.first === undefined
    ? {}
    : { first: answerOf(ref, options.first) as Effect.Effect<Watcher.Answer<ReplyOf<Ref>>> })
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
export const waitFor = <Ref extends JobRef.JobRef>(
  ref: Ref,
  options: Options = {}
): Effect.Effect<Watcher.Observed<ReplyOf<Ref>>, Watcher.WatchError, ClientOf<Ref>> =>
  Effect.flatMap(
    Stream.runLast(Stream.filter(watch(ref, options), (update) => update._tag === "Observed")),
    (last) =>
      Option.isSome(last) && last.value.next === undefined
        ? Effect.succeed(last.value as Watcher.Observed<ReplyOf<Ref>>)
        : Effect.interrupt
  )

/** A watch's place, to save and resume: which job, and the watcher's state. */
export const Saved = Schema.Struct({ ref: JobRef.JobRef, state: Watcher.State })

/** A watch's place, to save and resume. */
export interface Saved extends Schema.Schema.Type<typeof Saved> {}

/** A watch's place as plain JSON. */
export const SavedJson = Schema.toCodecJson(Saved)

/** One job's update, or how its watch ended without the job being over, in a {@link watchAll}. */
export type Many<Ref extends JobRef.JobRef> =
  | { readonly _tag: "Update"; readonly ref: Ref; readonly update: Watcher.Update<ReplyOf<Ref>> }
  | { readonly _tag: "Failed"; readonly ref: Ref; readonly error: Watcher.WatchError }

/**
 * Follows many jobs at once, each on its own schedule; their updates come
 * interleaved as they happen. A job whose watch fails is reported and the
 * others go on. Jobs wait their turn as plain state, and at most
 * `concurrency` polls are in flight at once, so thousands of jobs cost little
 * and a burst of due jobs queues politely (the transport's per-host limit holds too).
 */
export const watchAll = <Ref extends JobRef.JobRef>(
  refs: Iterable<Ref>,
  options: Omit<Options, "resume" | "signal"> & {
    /** Saved places, as {@link Saved} values, to resume some or all of the jobs. */
    readonly resume?: ReadonlyArray<Saved>
    /** How many polls may be in flight at once, across all the jobs (default: 16). */
    readonly concurrency?: number
    /** Stops every watch at once when aborted: the stream just ends (default: none). */
    readonly signal?: AbortSignal
  } = {}
): Stream.Stream<Many<Ref>, never, ClientOf<Ref>> => {
  const saved = new Map((options.resume ?? []).map((entry) => [JobRef.describe(entry.ref), entry.state]))
  const { resume: _, signal: __, concurrency: ___, ...shared } = options
  const members = Array.from(refs, (ref) => {
    const resume = saved.get(JobRef.describe(ref))
    return {
      key: ref,
      poller: Watcher.poller(watcherOptions(ref, resume === undefined ? shared : { ...shared, resume }))
    }
  })
  const items = Stream.map(
    Fleet.run(members, options.concurrency ?? 16),
    (item): Many<Ref> =>
      item._tag === "Update"
        ? { _tag: "Update", ref: item.key, update: item.update }
        : { _tag: "Failed", ref: item.key, error: item.error }
  )
  return options.signal === undefined ? items : Stream.interruptWhen(items, aborted(options.signal))
}
