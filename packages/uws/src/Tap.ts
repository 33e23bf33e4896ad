/**
 * TAP asynchronous queries (IVOA TAP 1.1 §2.2 on UWS): submit an ADQL query
 * to a service's `/async` job list, follow it as a UWS job, and stream its
 * result (VOTable by default, or the format asked for) without holding it
 * in memory. The Node part (saving to a file) is in `@jobscope/uws/node`.
 *
 * @example
 * ```ts
 * import { Tap } from "@jobscope/uws"
 * import { Follow, Transport } from "@jobscope/fetch"
 * import * as Effect from "effect/Effect"
 * import * as Stream from "effect/Stream"
 *
 * const rows = Effect.gen(function* () {
 *   const query = yield* Tap.submitQuery("https://tap.example.org/tap", "SELECT TOP 10 * FROM ivoa.obscore", { format: "csv" })
 *   const done = yield* Follow.waitFor(query.job)
 *   return yield* Stream.mkString(Stream.decodeText(Tap.result(done.reply.job, query.url)))
 * })
 * Effect.runPromise(rows.pipe(Effect.provide(Transport.layerFetch())))
 * ```
 */
import { DecodeError } from "@jobscope/core"
import { FetchError, Transport } from "@jobscope/fetch"
import * as Effect from "effect/Effect"
import { HttpClientRequest } from "effect/http"
import * as Stream from "effect/Stream"
import * as UwsClient from "./UwsClient.js"
import * as UwsJob from "./UwsJob.js"
import type * as Uws from "./uws/index.js"

/** How to ask. Every option has a default. */
export interface QueryOptions extends UwsJob.Options {
  /** The query language (default: "ADQL"). */
  readonly lang?: string
  /** The most rows the service may return (default: the service's own limit). */
  readonly maxrec?: number
  /**
   * The result's format: "votable", "csv", "tsv", "fits", "text", or a media
   * type (default: the service's, VOTable). Sent as TAP 1.1's `RESPONSEFORMAT`
   * and TAP 1.0's `FORMAT`.
   */
  readonly format?: string
  /**
   * Tables to upload, by the name the query uses (`TAP_UPLOAD.<name>`):
   * each the URL the service reads it from, or an {@link InlineTable} sent
   * with the query (`UPLOAD=name,param:name`, the table a part of a
   * `multipart/form-data` body, as TAP 1.1 §3.3.2 and DALI describe).
   */
  readonly uploads?: Readonly<Record<string, string | InlineTable>>
  /** The client's own tag for the job (`RUNID`). */
  readonly runId?: string
}

/** A table sent with the query itself: a VOTable document, as text or bytes. */
export interface InlineTable {
  readonly votable: string | Blob
}

/** The media type of an uploaded VOTable. */
const voTableType = "application/x-votable+xml"

/** Where the service finds an upload: its URL, or `param:<name>` for one sent inline. */
const uploadUri = (name: string, table: string | InlineTable): string =>
  typeof table === "string" ? table : `param:${name}`

/**
 * The inline uploads of a query, each the body of a multipart part named
 * after its table (what `UPLOAD=name,param:name` points to).
 */
export const uploadFiles = (options: QueryOptions = {}): Record<string, Blob> =>
  Object.fromEntries(
    Object.entries(options.uploads ?? {}).flatMap(([name, table]) =>
      typeof table === "string"
        ? []
        : [
            [
              name,
              typeof table.votable === "string"
                ? new Blob([table.votable], { type: voTableType })
                : table.votable
            ]
          ]
    )
  )

/** A submitted query: its job's URL, the job as the submission answered, and the job to follow. */
export interface Submitted {
  readonly url: string
  readonly document: Uws.JobDocument
  /** The job, followable (with blocking `WAIT` on a UWS 1.1 service unless `blocking: false`). */
  readonly job: UwsJob.UwsJob
}

/** A table name a query can use after `TAP_UPLOAD.`: a letter, then letters, digits and underscores. */
const uploadName = /^[A-Za-z][A-Za-z0-9_]*$/

/** The parameters of a TAP `doQuery` job, in the order the standard lists them. */
export const parameters = (adql: string, options: QueryOptions = {}): Record<string, string> => {
  const uploads = Object.entries(options.uploads ?? {})
  for (const [name] of uploads)
    if (!uploadName.test(name))
      throw new RangeError(
        `an upload's name must be a letter, then letters, digits or _: ${JSON.stringify(name)}`
      )
  if (options.maxrec !== undefined && !(Number.isInteger(options.maxrec) && options.maxrec >= 0))
    throw new RangeError(`maxrec must be a whole number ≥ 0, not ${options.maxrec}`)
  return {
    REQUEST: "doQuery",
    LANG: options.lang ?? "ADQL",
    QUERY: adql,
    ...(options.maxrec === undefined ? {} : { MAXREC: String(options.maxrec) }),
    ...(options.format === undefined ? {} : { RESPONSEFORMAT: options.format, FORMAT: options.format }),
    ...(uploads.length === 0
      ? {}
      : { UPLOAD: uploads.map(([name, table]) => `${name},${uploadUri(name, table)}`).join(";") }),
    ...(options.runId === undefined ? {} : { RUNID: options.runId })
  }
}

/** The async job list of a TAP service: `{service}/async`. */
export const asyncUrl = (serviceUrl: string): string => `${serviceUrl.replace(/\/+$/, "")}/async`

/**
 * Submits a query to a TAP service's `/async` job list and runs it
 * (`PHASE=RUN` in the same request): the job to follow, and its URL. With
 * an inline upload the request is `multipart/form-data`, else a plain form.
 * Bad options (an upload name a query cannot use, a negative `maxrec`) fail
 * with `InvalidRequest` before anything is sent.
 */
export const submitQuery = (
  serviceUrl: string,
  adql: string,
  options: QueryOptions = {}
): Effect.Effect<Submitted, FetchError.FetchError, Transport.Transport> =>
  Effect.gen(function* () {
    const form = yield* Effect.try({
      try: () => parameters(adql, options),
      catch: (error) => {
        const where = FetchError.where("TAP query", asyncUrl(serviceUrl))
        const message = error instanceof Error ? error.message : String(error)
        return new FetchError.InvalidRequest({
          ...where,
          problems: [{ path: "", message }],
          message: `${FetchError.describe(where)}: ${message}`
        })
      }
    })
    const transport = yield* Transport.Transport
    const created = yield* UwsClient.fromTransport(transport, options).create(asyncUrl(serviceUrl), form, {
      run: true,
      files: uploadFiles(options)
    })
    const job = UwsJob.make(created.url, {
      ...options,
      blocking: options.blocking ?? created.job.version === "1.1",
      first: { job: created.job }
    })
    return { url: created.url, document: created.job, job }
  })

/**
 * Where a finished job's result is: the result named `result` (TAP 1.1
 * §2.2.3), or else the first one, resolved against the job's URL; a job
 * without results fails with `InvalidReply`.
 */
export const resultUrl = (
  job: Uws.JobDocument,
  jobUrl: string
): Effect.Effect<string, FetchError.InvalidReply> => {
  const result = job.results.find((candidate) => candidate.id === "result") ?? job.results[0]
  if (result?.href !== undefined)
    return Effect.succeed(new URL(result.href, `${jobUrl.replace(/\/+$/, "")}/`).toString())
  const where = FetchError.where("TAP result", jobUrl, job.jobId)
  const problems = [{ path: "results", message: `the job is ${job.phase} and lists no result to fetch` }]
  return Effect.fail(
    new FetchError.InvalidReply({
      ...where,
      status: 200,
      problems,
      message: DecodeError.make(FetchError.describe(where), problems).message
    })
  )
}

/** How long a result download may send nothing before it counts as stalled. */
export const idleTimeout = "60 seconds"

/**
 * A finished job's result as a stream of bytes, as it downloads (never held
 * whole in memory). An error page, a missing result, a connection that breaks
 * off or stalls fails the stream with a `FetchError` naming the download.
 */
export const result = (
  job: Uws.JobDocument,
  jobUrl: string
): Stream.Stream<Uint8Array, FetchError.FetchError, Transport.Transport> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const url = yield* resultUrl(job, jobUrl)
      const transport = yield* Transport.Transport
      const response = yield* transport.open({
        endpoint: "TAP result",
        job: job.jobId,
        request: HttpClientRequest.get(url)
      })
      return Transport.bodyBytes(response, FetchError.where("TAP result", url, job.jobId), idleTimeout)
    })
  )
