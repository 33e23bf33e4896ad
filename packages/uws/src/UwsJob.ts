/**
 * A UWS job to follow with the fetch package's follow layer (`Follow.watch`,
 * `watchAll`, `waitFor`, `status`, the Promise face): a `Followable` whose
 * one request reads the job document, and whose reply becomes a snapshot
 * with `Uws.toSnapshot`. A failed job's error detail is fetched once, when its
 * summary says there is one.
 *
 * On a UWS 1.1 service (the job document's `version`), the request is a
 * blocking `WAIT` for a change of the phase last seen, while that phase is
 * one the service blocks in: the server answers when the phase changes, so
 * each change costs one request and is seen at once. The follow layer still
 * paces the requests (`Uws.blockingSource`: 1 s after a change, up to 10 s
 * while the server answers without one), so its floor holds between two
 * requests; its deadline, retries, exactly-once events and saved states
 * work as for any job. A 1.0 service is polled politely (`Uws.source`).
 *
 * @example
 * ```ts
 * import { UwsJob } from "@jobscope/uws"
 * import { Follow } from "@jobscope/fetch"
 * import * as Effect from "effect/Effect"
 *
 * const done = Effect.flatMap(UwsJob.open("https://tap.example.org/tap/async/q7f3k2"), (job) => Follow.waitFor(job))
 * ```
 */
import { type FetchError, Followable, Transport } from "@jobscope/fetch"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as UwsClient from "./UwsClient.js"
import * as Uws from "./uws/index.js"

/** What one poll of a UWS job answers: its document, and its error detail when one was fetched. */
export interface Reply {
  readonly job: Uws.JobDocument
  /** The text of `{job}/error`, for a failed job whose summary `hasDetail`. */
  readonly errorDetail?: string
}

/** How to follow a UWS job. Every option has a default. */
export interface Options extends UwsClient.Options {
  /**
   * Whether to use blocking `WAIT` requests: `true` for a UWS 1.1 service,
   * `false` to poll (default for {@link make}: false; {@link open} reads the
   * job's `version` and decides).
   */
  readonly blocking?: boolean
  /** How long the server may hold one blocking request (default: 5 minutes; a service may cap it lower). */
  readonly wait?: Duration.Input
  /** A name for people, shown as the snapshot's label (default: the job's run id). */
  readonly label?: string
  /** A reply already in hand, taken as the first poll's answer. */
  readonly first?: Reply
}

/** A followable UWS job. */
export type UwsJob = Followable.Followable<Reply, Transport.Transport>

/** The job's id for its key and name: the last segment of its URL. */
const jobIdOf = (jobUrl: string): string => {
  const path = new URL(jobUrl).pathname.replace(/\/+$/, "")
  return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1))
}

/** A UWS job at a URL, to follow; blocking `WAIT` requests only when `options.blocking` says so. */
export const make = (jobUrl: string, options: Options = {}): UwsJob => {
  const blocking = options.blocking === true
  const wait = options.wait ?? "5 minutes"
  // The phase the last answer reported: what a blocking request waits to change.
  let lastPhase: Uws.ExecutionPhase | undefined = options.first?.job.phase
  let errorDetail: string | undefined = options.first?.errorDetail
  const request = Effect.flatMap(Transport.Transport, (transport) => {
    const client = UwsClient.fromTransport(transport, options)
    const read =
      blocking && lastPhase !== undefined && Uws.active.includes(lastPhase)
        ? client.wait(jobUrl, lastPhase, wait)
        : client.read(jobUrl)
    return Effect.flatMap(read, (job): Effect.Effect<Reply, FetchError.FetchError> => {
      lastPhase = job.phase
      if (job.errorSummary?.hasDetail !== true) return Effect.succeed({ job })
      if (errorDetail !== undefined) return Effect.succeed({ job, errorDetail })
      // The detail is worth a request once; without it the summary still says why.
      return Effect.map(Effect.option(client.errorDetail(jobUrl)), (detail) => {
        if (detail._tag === "Some") errorDetail = detail.value
        return errorDetail === undefined ? { job } : { job, errorDetail }
      })
    })
  })
  return Followable.make({
    source: blocking ? Uws.blockingSource : Uws.source,
    jobId: jobIdOf(jobUrl),
    key: `uws:${jobUrl}`,
    request,
    toSnapshot: (reply, observedAt) =>
      Uws.toSnapshot(reply.job, {
        observedAt,
        url: jobUrl,
        label: options.label,
        errorDetail: reply.errorDetail
      }),
    first: options.first
  })
}

/**
 * Reads a UWS job once and makes it followable, with blocking `WAIT`
 * requests when the service speaks UWS 1.1 (unless `blocking: false`); the
 * reply read is the watch's first answer, so no request is wasted.
 */
export const open = (
  jobUrl: string,
  options: Omit<Options, "first"> = {}
): Effect.Effect<UwsJob, FetchError.FetchError, Transport.Transport> =>
  Effect.flatMap(Transport.Transport, (transport) =>
    Effect.map(UwsClient.fromTransport(transport, options).read(jobUrl), (job) =>
      make(jobUrl, { ...options, blocking: options.blocking ?? job.version === "1.1", first: { job } })
    )
  )
