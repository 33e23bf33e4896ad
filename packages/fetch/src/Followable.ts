/**
 * A job that can be followed: the one record the follow layer (`Follow.watch`,
 * `watchAll`, `waitFor`, `status` and the Promise face) takes, for any API.
 * It says which job (a key, stable across runs), which API (its core
 * `Source`: lifecycle, polling, names), the one request that tells where the
 * job stands, and how a reply of that request becomes a `Job.Snapshot`. The
 * built-in UKSSDC, Swift TOO and TOM jobs (`JobRef`) are made with it; so is a
 * third party's.
 *
 * @example
 * ```ts
 * import { Followable, Follow } from "@jobscope/fetch"
 *
 * const job = Followable.make({
 *   source: uwsSource, // a core Source
 *   jobId: "j-17",
 *   request: readJobDocument("j-17"), // an Effect that fails with a FetchError
 *   toSnapshot: (reply, observedAt) => Uws.toSnapshot(reply, { observedAt })
 * })
 * const updates = Follow.watch(job)
 * ```
 */
import type { Job, Source } from "@jobscope/core"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { FetchError } from "./FetchError.js"

/** A job the follow layer can poll, of an API whose replies are `Reply`, asked through services `R`. */
export interface Followable<Reply, R = never> {
  /** Unique among the jobs followed together and stable across runs: how a saved state finds its job ("ukssdc:14"). */
  readonly key: string
  /** The API: its lifecycle judges every move, its polling defaults pace the watch. */
  readonly source: Source.Source
  /** The job for people, in errors and views: "UKSSDC job 14". */
  readonly name: string
  /** The one request that tells where the job stands. */
  readonly request: Effect.Effect<Reply, FetchError, R>
  /** A reply of `request` as a snapshot of the job, observed at `observedAt`. */
  readonly toSnapshot: (reply: Reply, observedAt: Date) => Job.Snapshot
  /**
   * A reply already in hand (the first status a submission answered), taken
   * as the first poll's answer, so a watch asks nothing until the policy says to.
   */
  readonly first?: Reply | undefined
}

/** Any followable job. */
// biome-ignore lint/suspicious/noExplicitAny: the widest Followable, to constrain type parameters
export type Any = Followable<any, any>

/** The reply type of a followable job. */
export type ReplyOf<J extends Any> = J extends Followable<infer Reply, infer _R> ? Reply : never

/** The services a followable job's request needs. */
export type ContextOf<J extends Any> = J extends Followable<infer _Reply, infer R> ? R : never

/** What {@link make} takes: the job's id within its API, and the rest of a {@link Followable}. */
export interface Options<Reply, R> {
  readonly source: Source.Source
  /** The job's id within its API: the default key is `${source.id}:${jobId}`, the default name `source.describeJob(jobId)`. */
  readonly jobId: string
  /** Default: `${source.id}:${jobId}`. */
  readonly key?: string | undefined
  /** Default: `source.describeJob(jobId)`. */
  readonly name?: string | undefined
  readonly request: Effect.Effect<Reply, FetchError, R>
  readonly toSnapshot: (reply: Reply, observedAt: Date) => Job.Snapshot
  readonly first?: Reply | undefined
}

/** A followable job, its key and name made from its Source and id unless given. */
export const make = <Reply, R = never>(options: Options<Reply, R>): Followable<Reply, R> => ({
  key: options.key ?? `${options.source.id}:${options.jobId}`,
  source: options.source,
  name: options.name ?? options.source.describeJob(options.jobId),
  request: options.request,
  toSnapshot: options.toSnapshot,
  ...(options.first === undefined ? {} : { first: options.first })
})

/** The same job, with a reply already in hand as its first poll's answer. */
export const withFirst = <J extends Any>(job: J, first: ReplyOf<J>): J => ({ ...job, first })

/** One poll's answer: the snapshot, and the reply it was made from. */
export interface Answer<Reply> {
  readonly snapshot: Job.Snapshot
  readonly reply: Reply
}

/** A reply as a poll's answer, observed now (by the Effect clock). */
export const answerOf = <Reply>(
  job: Followable<Reply, unknown>,
  reply: Reply
): Effect.Effect<Answer<Reply>> =>
  Effect.map(Clock.currentTimeMillis, (millis) => ({
    snapshot: job.toSnapshot(reply, new Date(millis)),
    reply
  }))

/** One poll of a job: its request, and the snapshot made from the reply. */
export const poll = <Reply, R>(job: Followable<Reply, R>): Effect.Effect<Answer<Reply>, FetchError, R> =>
  Effect.flatMap(job.request, (reply) => answerOf(job, reply))
