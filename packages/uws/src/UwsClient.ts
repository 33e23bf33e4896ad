/**
 * A client of any IVOA UWS 1.0 or 1.1 service, over the fetch package's
 * `Transport` (its retries, timeouts, size-bounded replies, same-origin
 * redirects and typed `FetchError`s). Jobs are named by their URL,
 * `{jobs}/{job-id}`, as UWS names them. Every reply that is a UWS document is
 * decoded from XML by `Uws.decodeJob` and its kin: an HTML error page, JSON or
 * hostile XML is an `InvalidReply` naming the call.
 *
 * @example
 * ```ts
 * import { UwsClient } from "@jobscope/uws"
 * import { Transport } from "@jobscope/fetch"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const program = Effect.gen(function* () {
 *   const uws = yield* UwsClient.UwsClient
 *   const created = yield* uws.create("https://tap.example.org/tap/async", { LANG: "ADQL", QUERY: "SELECT 1" }, { run: true })
 *   return yield* uws.wait(created.url, created.job.phase, "60 seconds")
 * })
 * Effect.runPromise(program.pipe(Effect.provide(UwsClient.layer().pipe(Layer.provide(Transport.layerFetch())))))
 * ```
 */

import type { DecodeError } from "@jobscope/core"
import type { FetchError } from "@jobscope/fetch"
import { Transport } from "@jobscope/fetch"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { HttpClientRequest } from "effect/http"
import * as Layer from "effect/Layer"
import type * as Result from "effect/Result"
import * as Uws from "./uws/index.js"

/** How the client talks to services. Every option has a default. */
export interface Options {
  /** The `User-Agent` header of every request (default: none; the platform's own). */
  readonly userAgent?: string
  /** How much longer than its `WAIT` a blocking request may take before it counts as timed out (default: 30 seconds). */
  readonly waitMargin?: Duration.Input
}

/** A job and its URL, as `create` answers. */
export interface Created {
  /** The job's URL: `{jobs}/{job-id}`. */
  readonly url: string
  readonly job: Uws.JobDocument
}

/** The filters of a job list (UWS 1.1 §2.2.2.1); a 1.0 service ignores them. */
export interface ListFilter {
  /** Only jobs in these phases (a 1.1 service lists ARCHIVED jobs only when asked). */
  readonly phase?: ReadonlyArray<Uws.ExecutionPhase>
  /** Only jobs created after this instant. */
  readonly after?: Date
  /** Only the most recent jobs, this many. */
  readonly last?: number
}

/** What a UWS client does. Every job is named by its URL. */
export interface Shape {
  /**
   * Creates a job with its parameters (POSTed as a form to `{jobs}`), and
   * starts it at once with `run: true` (`PHASE=RUN` in the same request).
   * With `files` (a TAP inline upload), the form is sent as
   * `multipart/form-data`, each file a part of its own with a file name.
   */
  readonly create: (
    jobsUrl: string,
    parameters: Readonly<Record<string, string>>,
    options?: { readonly run?: boolean; readonly files?: Readonly<Record<string, Blob>> }
  ) => Effect.Effect<Created, FetchError.FetchError>
  /** The job as it is now. */
  readonly read: (jobUrl: string) => Effect.Effect<Uws.JobDocument, FetchError.FetchError>
  /**
   * The job once its phase is no longer `phase`, or after `wait` at most
   * (UWS 1.1 blocking `GET {job}?WAIT=n&PHASE=phase`; a 1.0 service answers at once).
   */
  readonly wait: (
    jobUrl: string,
    phase: Uws.ExecutionPhase,
    wait: Duration.Input
  ) => Effect.Effect<Uws.JobDocument, FetchError.FetchError>
  /** Starts a PENDING or HELD job (`PHASE=RUN`). */
  readonly run: (jobUrl: string) => Effect.Effect<Uws.JobDocument, FetchError.FetchError>
  /** Aborts a job (`PHASE=ABORT`). */
  readonly abort: (jobUrl: string) => Effect.Effect<Uws.JobDocument, FetchError.FetchError>
  /** Deletes a job and its results (`DELETE {job}`). */
  readonly remove: (jobUrl: string) => Effect.Effect<void, FetchError.FetchError>
  /** Asks for another destruction time; the service may choose a nearer one, which the job then shows. */
  readonly setDestruction: (jobUrl: string, at: Date) => Effect.Effect<Uws.JobDocument, FetchError.FetchError>
  /** Asks for another execution duration, in seconds (0: no limit); the service may choose less. */
  readonly setExecutionDuration: (
    jobUrl: string,
    seconds: number
  ) => Effect.Effect<Uws.JobDocument, FetchError.FetchError>
  /** The jobs of a job list, filtered as asked. */
  readonly list: (jobsUrl: string, filter?: ListFilter) => Effect.Effect<Uws.JobList, FetchError.FetchError>
  /** The error detail document of a failed job (`GET {job}/error`), as text. */
  readonly errorDetail: (jobUrl: string) => Effect.Effect<string, FetchError.FetchError>
  /** The results of a job on their own (`GET {job}/results`). */
  readonly results: (jobUrl: string) => Effect.Effect<ReadonlyArray<Uws.Result>, FetchError.FetchError>
}

/** A UWS client. */
export class UwsClient extends Context.Service<UwsClient, Shape>()("@jobscope/uws/UwsClient") {}

/** A job's id for errors: the last segment of its URL. */
const jobIdOf = (jobUrl: string): string => {
  const path = jobUrl.replace(/[?#].*$/, "").replace(/\/+$/, "")
  return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1))
}

const trimSlash = (url: string): string => url.replace(/\/+$/, "")

/** A UWS client over a transport already in hand (what {@link make} builds, for code that holds a `Transport`). */
export const fromTransport = (transport: Transport.Shape, options: Options = {}): Shape => {
  const margin = Duration.toMillis(Duration.fromInputUnsafe(options.waitMargin ?? "30 seconds"))
  const prepare = (request: HttpClientRequest.HttpClientRequest) =>
    options.userAgent === undefined
      ? request
      : HttpClientRequest.setHeader(request, "user-agent", options.userAgent)

  const call = <A>(
    endpoint: string,
    job: string | undefined,
    request: HttpClientRequest.HttpClientRequest,
    decode: (text: string) => Result.Result<A, DecodeError.DecodeError>,
    /** For a blocking WAIT: how long it may take; it takes no per-host place. */
    heldFor?: number
  ) =>
    transport.decode(
      {
        endpoint,
        job,
        request: prepare(request),
        ...(heldFor === undefined ? {} : { timeout: heldFor, heldOpen: true })
      },
      decode
    )

  const post = (url: string, form: Readonly<Record<string, string>>) =>
    HttpClientRequest.post(url).pipe(HttpClientRequest.bodyUrlParams(form))

  /**
   * A form with files, as `multipart/form-data`. Each file goes as a file
   * part (`filename=` in its Content-Disposition): a server reads a part
   * without a file name as a plain parameter, not as the upload it names.
   */
  const postMultipart = (
    url: string,
    form: Readonly<Record<string, string>>,
    files: Readonly<Record<string, Blob>>
  ) => {
    const body = new FormData()
    for (const [name, value] of Object.entries(form)) body.append(name, value)
    for (const [name, file] of Object.entries(files)) body.append(name, file, `${name}.xml`)
    return HttpClientRequest.post(url).pipe(HttpClientRequest.bodyFormData(body))
  }

  const read = (jobUrl: string) =>
    call("UWS job document", jobIdOf(jobUrl), HttpClientRequest.get(jobUrl), Uws.decodeJob)

  const setPhase = (jobUrl: string, phase: "RUN" | "ABORT") =>
    call(
      `UWS ${phase === "RUN" ? "run" : "abort"}`,
      jobIdOf(jobUrl),
      post(`${trimSlash(jobUrl)}/phase`, { PHASE: phase }),
      Uws.decodeJob
    )

  return {
    create: (jobsUrl, parameters, options = {}) => {
      const form = options.run === true ? { ...parameters, PHASE: "RUN" } : parameters
      const files = options.files ?? {}
      const request =
        Object.keys(files).length === 0
          ? post(trimSlash(jobsUrl), form)
          : postMultipart(trimSlash(jobsUrl), form, files)
      return Effect.map(call("UWS job creation", undefined, request, Uws.decodeJob), (job) => ({
        url: `${trimSlash(jobsUrl)}/${encodeURIComponent(job.jobId)}`,
        job
      }))
    },
    read,
    wait: (jobUrl, phase, wait) => {
      const seconds = Math.max(1, Math.round(Duration.toSeconds(Duration.fromInputUnsafe(wait))))
      const url = new URL(jobUrl)
      url.searchParams.set("WAIT", String(seconds))
      url.searchParams.set("PHASE", phase)
      return call(
        "UWS blocking wait",
        jobIdOf(jobUrl),
        HttpClientRequest.get(url.toString()),
        Uws.decodeJob,
        seconds * 1000 + margin
      )
    },
    run: (jobUrl) => setPhase(jobUrl, "RUN"),
    abort: (jobUrl) => setPhase(jobUrl, "ABORT"),
    remove: (jobUrl) =>
      Effect.asVoid(
        transport.send({
          endpoint: "UWS job deletion",
          job: jobIdOf(jobUrl),
          request: prepare(HttpClientRequest.delete(jobUrl))
        })
      ),
    setDestruction: (jobUrl, at) =>
      call(
        "UWS destruction",
        jobIdOf(jobUrl),
        post(`${trimSlash(jobUrl)}/destruction`, { DESTRUCTION: at.toISOString() }),
        Uws.decodeJob
      ),
    setExecutionDuration: (jobUrl, seconds) =>
      call(
        "UWS execution duration",
        jobIdOf(jobUrl),
        post(`${trimSlash(jobUrl)}/executionduration`, {
          EXECUTIONDURATION: String(Math.max(0, Math.round(seconds)))
        }),
        Uws.decodeJob
      ),
    list: (jobsUrl, filter = {}) => {
      const url = new URL(trimSlash(jobsUrl))
      for (const phase of filter.phase ?? []) url.searchParams.append("PHASE", phase)
      if (filter.after !== undefined) url.searchParams.set("AFTER", filter.after.toISOString())
      if (filter.last !== undefined) url.searchParams.set("LAST", String(filter.last))
      return call("UWS job list", undefined, HttpClientRequest.get(url.toString()), Uws.decodeJobList)
    },
    errorDetail: (jobUrl) =>
      Effect.map(
        transport.send({
          endpoint: "UWS error detail",
          job: jobIdOf(jobUrl),
          request: prepare(HttpClientRequest.get(`${trimSlash(jobUrl)}/error`))
        }),
        (reply) => reply.text
      ),
    results: (jobUrl) =>
      Effect.map(
        call(
          "UWS results",
          jobIdOf(jobUrl),
          HttpClientRequest.get(`${trimSlash(jobUrl)}/results`),
          Uws.decodeResults
        ),
        (list) => list.results
      )
  }
}

/** Makes a UWS client over the transport. */
export const make = (options: Options = {}): Effect.Effect<Shape, never, Transport.Transport> =>
  Effect.map(Transport.Transport, (transport) => fromTransport(transport, options))

/** A UWS client as a layer over the transport. */
export const layer = (options: Options = {}): Layer.Layer<UwsClient, never, Transport.Transport> =>
  Layer.effect(UwsClient, make(options))
