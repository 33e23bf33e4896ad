/**
 * The UKSSDC XRT product builder over HTTP: submit a job, poll all its
 * products in one request, cancel some or all of them, count, list and copy
 * the user's jobs, read the positions, light curve and spectral fits a job
 * made, and stream its product archives. Requests and replies go through the core's `Ukssdc` schemas; a
 * refusal (`OK: 0`) is a `FetchError.Refused` carrying the server's reason and
 * every `listErr` item. The user ID is `Redacted` and never shows in an error.
 *
 * @example
 * ```ts
 * import { Transport, UkssdcClient } from "@jobscope/fetch"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const program = Effect.gen(function* () {
 *   const ukssdc = yield* UkssdcClient.UkssdcClient
 *   const job = yield* ukssdc.submit({ name: "GRB 200101A", targ: "00081637", RA: 219.2875, Dec: -60.8333,
 *     cent: 1, poserr: 1, useSXPS: 0, lc: 1, binMeth: "counts" })
 *   const status = yield* ukssdc.status(job.JobID, { products: ["lc"] })
 *   console.log(status.products.lc?.statusCode, status.products.lc?.statusText)
 *   // …once the light curve is complete (statusCode 4):
 *   const archive = yield* ukssdc.download(job.URL, "lc") // a ReadableStream<Uint8Array> of lc.tar.gz
 * })
 *
 * const live = UkssdcClient.layer({ userId: "me@example.org" }).pipe(Layer.provide(Transport.layerFetch()))
 * await Effect.runPromise(program.pipe(Effect.provide(live)))
 * ```
 */
import { DecodeError, Ukssdc } from "@jobscope/core"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { HttpClientRequest, type HttpClientResponse } from "effect/http"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as FetchError from "./FetchError.js"
import * as SameJob from "./internal/sameJob.js"
import * as Redact from "./Redact.js"
import * as Transport from "./Transport.js"

/** Where the real product builder lives. */
export const defaultBaseUrl = "https://www.swift.ac.uk"

/** The `api_version` requests carry by default: the one the current swifttools `xrt_prods` (1.12) sends. */
export const defaultApiVersion = "1.12"

/** How the client reaches the product builder, and as whom. */
export interface Options {
  /** Where the product builder lives; requests go to `${baseUrl}/user_objects/…` (default: "https://www.swift.ac.uk"). */
  readonly baseUrl?: string
  /**
   * The e-mail address registered with the UKSSDC, sent as `UserID`. A plain
   * string is wrapped in `Redacted`; either way it never appears in an error.
   */
  readonly userId: string | Redacted.Redacted<string>
  /** The `api_version` every request carries (default: "1.12", what swifttools' `xrt_prods` 1.12 sends). */
  readonly apiVersion?: string
  /** The `User-Agent` header of every request, such as "jobscope/0.1.0 (+https://…)" (default: none; the platform's own). */
  readonly userAgent?: string
  /** How long a download may go without a byte arriving before it fails with `RequestTimeout` (default: 60 seconds). */
  readonly downloadIdleTimeout?: Duration.Input
}

/** What to ask about in a status request. */
export interface StatusOptions {
  /** The products to report on (default: all of them: lc, spec, enh, psf, xastrom, image, sourceDet). */
  readonly products?: ReadonlyArray<Ukssdc.ProductKey>
  /** The products whose progress report is wanted; each must be among `products` (default: the same as `products`; `[]` for none). */
  readonly progress?: ReadonlyArray<Ukssdc.ProductKey>
}

/** Which light curves to get (default: the server's, "no" and "no"). */
export interface LightCurveOptions {
  /** WT-mode light curves without the systematic error: "yes", "no" or "both". */
  readonly nosys?: Ukssdc.LightCurveVariant
  /** Light curves including the points whose centroid could not be checked: "yes", "no" or "both". */
  readonly incbad?: Ukssdc.LightCurveVariant
}

/** What a cancel request did to one product. */
export interface ProductCancel {
  /** The server's code: 0 cancelled, 1 already finished, 2 no record of it, 3 unknown reason, 4 status unknown. */
  readonly code: Ukssdc.CancelCode
  /** What the code means, in words (`Ukssdc.cancelMeaning`). */
  readonly meaning: string
  /** The server's own text for this product, e.g. "Job cancelled OK". */
  readonly text: string
}

/** What a cancel request did: to the whole request, and to each product. */
export interface CancelOutcome {
  /** The job, as the server named it. */
  readonly jobId: Ukssdc.JobId
  /** `true` when every product asked about was cancelled (`OK` 1), `false` when at least one was not (`OK` 2). */
  readonly complete: boolean
  /** How many of the products asked about were cancelled (code 0): from none to all. */
  readonly cancelled: number
  /** Each product asked about, keyed as the server keyed it. */
  readonly products: { readonly [product: string]: ProductCancel }
}

/** An old job's parameters and page, from `getOldProduct.php`. */
export interface OldJobCopy {
  /** The old job's ID. */
  readonly oldJob: Ukssdc.JobId
  /**
   * Its full parameters. To run the same job again (say, with new data),
   * submit `Ukssdc.resubmissionParameters(jobPars)`, which keeps the values
   * the first run looked up.
   */
  readonly jobPars: Ukssdc.JobParameters
  /** The old job's page, the base of its product archives. */
  readonly URL: string
}

/** The products that measure a position, and so have a position endpoint (`Ukssdc.PositionKind`). */
export type PositionKind = Ukssdc.PositionKind

/** The archives a job's page offers (`Ukssdc.ArchiveName`). */
export type ArchiveName = Ukssdc.ArchiveName

/** The formats a product archive comes in (`Ukssdc.ArchiveFormat`). */
export type ArchiveFormat = Ukssdc.ArchiveFormat

/** The UKSSDC client. Every method fails only with a {@link FetchError.FetchError} naming its endpoint and job. */
export interface Shape {
  /** Submits a job (`run_userobject.php`); `OK: 0` fails as `Refused` with the server's `ERROR` and every `listErr` item. */
  readonly submit: (
    parameters: Ukssdc.JobParameters
  ) => Effect.Effect<Ukssdc.SubmitAccepted, FetchError.FetchError>
  /** The status of a job's products, all in one request (`checkProductStatus.php`), with progress for those asked. */
  readonly status: (
    jobId: Ukssdc.JobId,
    options?: StatusOptions
  ) => Effect.Effect<Ukssdc.StatusOk, FetchError.FetchError>
  /**
   * Cancels products of a job (`canceljob.php`): all six unless told which.
   * A product the job does not have comes back as code 2 ("no record of it"),
   * one already over as code 1; either makes the outcome partial
   * (`complete: false`), even when nothing was cancelled, as the server
   * answers `OK` 2 then (`CancelJob.md`). Only an error the server could not
   * process the request for (another user's job, say) fails, as `Refused`.
   */
  readonly cancel: (
    jobId: Ukssdc.JobId,
    products?: ReadonlyArray<Ukssdc.ProductKey>
  ) => Effect.Effect<CancelOutcome, FetchError.FetchError>
  /** How many of the user's jobs are active (`getNumJobs.php`). */
  readonly numJobs: () => Effect.Effect<number, FetchError.FetchError>
  /** Every job the user has submitted (`listOldJobs.php`), as the server orders them. */
  readonly listOldJobs: () => Effect.Effect<ReadonlyArray<Ukssdc.OldJob>, FetchError.FetchError>
  /** An old job's parameters and page, to submit it again (`getOldProduct.php`). */
  readonly copyOldJob: (oldJob: Ukssdc.JobId) => Effect.Effect<OldJobCopy, FetchError.FetchError>
  /** The position a finished position product found, or why there is none (`tprods/getPSFPos.php` and kin). */
  readonly position: (
    jobId: Ukssdc.JobId,
    kind: PositionKind
  ) => Effect.Effect<Ukssdc.PositionResponse, FetchError.FetchError>
  /**
   * A finished light curve's data (`tprods/getLCData.php`, as swifttools'
   * `retrieveLightCurve`): its datasets, each a table under `<dataset>Data`
   * (read one with `Ukssdc.tableOf`). A light curve not complete yet fails as `Refused`.
   */
  readonly lightCurve: (
    jobId: Ukssdc.JobId,
    options?: LightCurveOptions
  ) => Effect.Effect<Ukssdc.LightCurveData, FetchError.FetchError>
  /**
   * A finished spectrum's fits (`tprods/getSpecData.php`, as swifttools'
   * `retrieveSpectralFits`): each interval of `rnames` (read one with
   * `Ukssdc.intervalOf`), each mode, each model. A spectrum not complete yet fails as `Refused`.
   */
  readonly spectrum: (jobId: Ukssdc.JobId) => Effect.Effect<Ukssdc.SpectrumData, FetchError.FetchError>
  /**
   * A finished source detection's sources (`tprods/getSourceDetResults.php`,
   * as swifttools' `retrieveSourceList`): per band, `Total` and, when all
   * bands were searched, `Soft`, `Medium` and `Hard` (walk them with
   * `Ukssdc.bandsOf`), each source's properties as the server's text (read a
   * number with `Ukssdc.sourceNumber`). One not complete yet fails as `Refused`.
   */
  readonly sourceDetection: (
    jobId: Ukssdc.JobId
  ) => Effect.Effect<Ukssdc.SourceDetData, FetchError.FetchError>
  /** The URL of a product archive, under the `URL` the submit reply gave (pure; see {@link archiveUrl}). */
  readonly archiveUrl: (jobUrl: string, product: ArchiveName, format?: ArchiveFormat) => string
  /**
   * Downloads a product archive as a stream of bytes, as they arrive (default
   * format: tar.gz). A missing archive (not complete yet, or not in the job)
   * fails as `HttpStatusError` 404. If the connection breaks or goes quiet
   * mid-way, the stream errors with an `Unreachable` or `RequestTimeout`.
   */
  readonly download: (
    jobUrl: string,
    product: ArchiveName,
    format?: ArchiveFormat
  ) => Effect.Effect<ReadableStream<Uint8Array>, FetchError.FetchError>
}

/** The UKSSDC client, as a service. */
export class UkssdcClient extends Context.Service<UkssdcClient, Shape>()("@jobscope/fetch/UkssdcClient") {}

/** The URL of a product archive under the job's page (the core's `Ukssdc.archiveUrl`). */
export const archiveUrl = Ukssdc.archiveUrl

/** Every product, asked about when a status or cancel request names none. */
const allProducts: ReadonlyArray<Ukssdc.ProductKind> = Ukssdc.ProductKind.literals

const positionEndpoints: Readonly<Record<PositionKind, { readonly name: string; readonly path: string }>> = {
  psf: { name: "UKSSDC standard position", path: "tprods/getPSFPos.php" },
  enh: { name: "UKSSDC enhanced position", path: "tprods/getEnhPos.php" },
  xastrom: { name: "UKSSDC astrometric position", path: "tprods/getAstromPos.php" }
}

/** What every endpoint answers when it refuses a request; submit adds `listErr`. */
interface Refusal {
  readonly OK: 0
  readonly ERROR: string
  readonly listErr?: ReadonlyArray<Ukssdc.ProblemList>
}

const isRefusal = (reply: unknown): reply is Refusal =>
  typeof reply === "object" && reply !== null && "OK" in reply && reply.OK === 0

/** A position request: whose job, and which. */
const PositionRequest = Schema.Struct({ UserID: Ukssdc.UserId, JobID: Ukssdc.JobId })

/** Position replies carry `OK` beside the position; a refusal is tried first. */
const PositionReply = Schema.Union([Ukssdc.Refusal, Ukssdc.PositionResponse])

/** One endpoint: its name for people, its path under `/user_objects/`, and the job asked about. */
interface Target {
  readonly endpoint: string
  readonly path: string
  readonly job?: string | undefined
}

/** The job an archive URL belongs to, for messages: `14` for `…/USERPROD_14`, else its last segment. */
const jobOfUrl = (jobUrl: string): string | undefined => {
  const last = jobUrl.replace(/\/+$/, "").split("/").pop()
  return /^USERPROD_(\d+)$/.exec(last ?? "")?.[1] ?? (last === "" ? undefined : last)
}

/**
 * A job ID as every request sends it: the text the submit reply gave ("14"),
 * as swifttools sends back `self.JobID` to every endpoint, whether the caller
 * holds it as text or as a number.
 */
const wireJobId = (jobId: Ukssdc.JobId): Ukssdc.JobId =>
  // A number that is no job ID stays as it is, for the request's schema to refuse.
  typeof jobId === "number" && Number.isSafeInteger(jobId) && jobId >= 0 ? String(jobId) : jobId

/** Replaces the user ID with this in anything an error says. */
const hidden = "(your UserID)"

/**
 * A function that removes `secret` from every text of an error: the server's
 * own words ("Job 147 is not owned by user …"), excerpts, decode problems,
 * however the server disguised it (see `Redact`).
 */
const hideSecret = (secret: string): (<E extends FetchError.FetchError>(error: E) => E) =>
  Redact.errors(Redact.make([secret], { replacement: hidden }))

/** The sentence of a refusal: the server's reason, then each list of problems. */
const refusalSentence = (error: string, problems: ReadonlyArray<Ukssdc.ProblemList>): string =>
  [error, ...problems.map((problem) => `${problem.label} ${problem.list.join("; ")}`)]
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join(" ")

/** Makes the client over the transport. */
export const make = (options: Options): Effect.Effect<Shape, never, Transport.Transport> =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const base = `${(options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, "")}/user_objects`
    const userId = Redacted.isRedacted(options.userId) ? options.userId : Redacted.make(options.userId)
    const envelope = { api_name: "xrt_prods", api_version: options.apiVersion ?? defaultApiVersion }
    const idleTimeout = Duration.fromInputUnsafe(options.downloadIdleTimeout ?? "60 seconds")
    const hide = hideSecret(Redacted.value(userId))
    // A successful reply that echoes the user ID loses it too.
    const hideInReply = Redact.deep(Redact.make([Redacted.value(userId)], { replacement: hidden }))
    const user = Schema.encodeSync(Ukssdc.UserRequest)({ UserID: userId })

    const urlOf = (target: Target): string => `${base}/${target.path}`
    const withUserAgent = (request: HttpClientRequest.HttpClientRequest) =>
      options.userAgent === undefined
        ? request
        : HttpClientRequest.setHeader(request, "user-agent", options.userAgent)
    const where = (target: Target) => FetchError.where(target.endpoint, urlOf(target), target.job)

    /** Encodes a request with the core's schema; a value it rejects is never sent. */
    const encode = <S extends Schema.Codec<unknown, object>>(
      target: Target,
      schema: S,
      value: S["Type"]
    ): Effect.Effect<S["Encoded"], FetchError.InvalidRequest> => {
      const encoded = Schema.encodeResult(schema)(value, { errors: "all" })
      if (Result.isSuccess(encoded)) return Effect.succeed(encoded.success)
      const problem = DecodeError.fromIssue(FetchError.describe(where(target)), encoded.failure.issue)
      return Effect.fail(
        new FetchError.InvalidRequest({
          ...where(target),
          problems: problem.problems,
          message: `${problem.message} (not sent)`
        })
      )
    }

    /** POSTs the body with the envelope, decodes the reply, and turns `OK: 0` into `Refused`. */
    const ask = <S extends Schema.Decoder<unknown>>(
      target: Target,
      body: Effect.Effect<object, FetchError.InvalidRequest>,
      reply: S
    ): Effect.Effect<Exclude<S["Type"], Refusal>, FetchError.FetchError> =>
      body.pipe(
        Effect.flatMap((fields) =>
          transport.json(
            {
              endpoint: target.endpoint,
              job: target.job,
              request: HttpClientRequest.post(urlOf(target)).pipe(
                HttpClientRequest.bodyJsonUnsafe({ ...fields, ...envelope }),
                withUserAgent
              )
            },
            reply
          )
        ),
        Effect.flatMap((answer) =>
          isRefusal(answer)
            ? Effect.fail(
                new FetchError.Refused({
                  ...where(target),
                  error: answer.ERROR,
                  problems: answer.listErr ?? [],
                  message: `${FetchError.describe(where(target))}: ${refusalSentence(answer.ERROR, answer.listErr ?? [])}`
                })
              )
            : Effect.succeed(hideInReply(answer) as Exclude<S["Type"], Refusal>)
        ),
        Effect.mapError(hide)
      )

    /** An archive's bytes as they arrive; a break or a silence mid-way is a typed error. */
    const archiveBytes = (
      target: FetchError.Where,
      response: HttpClientResponse.HttpClientResponse
    ): Stream.Stream<Uint8Array, FetchError.Unreachable | FetchError.RequestTimeout> =>
      Transport.bodyBytes(response, target, idleTimeout).pipe(Stream.mapError(hide))

    return {
      submit: (parameters) =>
        ask(
          { endpoint: "UKSSDC submit", path: "run_userobject.php" },
          Effect.succeed({ ...parameters, ...user }),
          Ukssdc.SubmitResponse
        ),

      status: (jobId, statusOptions = {}) => {
        const target = { endpoint: "UKSSDC status", path: "checkProductStatus.php", job: String(jobId) }
        const what = statusOptions.products ?? allProducts
        const whatProg = statusOptions.progress ?? what
        return ask(
          target,
          encode(target, Ukssdc.StatusRequest, {
            JobID: wireJobId(jobId),
            UserID: userId,
            what,
            ...(whatProg.length === 0 ? {} : { whatProg })
          }),
          Ukssdc.StatusResponse
        ).pipe(Effect.flatMap((reply) => SameJob.check(where(target), jobId, reply.JobID, "JobID", reply)))
      },

      cancel: (jobId, products = allProducts) => {
        const target = { endpoint: "UKSSDC cancel", path: "canceljob.php", job: String(jobId) }
        return ask(
          target,
          encode(target, Ukssdc.CancelRequest, { JobID: wireJobId(jobId), UserID: userId, what: products }),
          Ukssdc.CancelResponse
        ).pipe(
          Effect.map(
            (done): CancelOutcome => ({
              jobId: done.JobID,
              complete: Ukssdc.isFullyCancelled(done),
              cancelled: Object.values(done.statusCodes).filter((code) => code === 0).length,
              products: Object.fromEntries(
                Object.entries(done.statusCodes).map(([product, code]) => [
                  product,
                  { code, meaning: Ukssdc.cancelMeaning[code], text: done.status[product] ?? "" }
                ])
              )
            })
          )
        )
      },

      numJobs: () =>
        ask(
          { endpoint: "UKSSDC job count", path: "getNumJobs.php" },
          Effect.succeed(user),
          Ukssdc.NumJobsResponse
        ).pipe(Effect.map((reply) => reply.numJobs)),

      listOldJobs: () =>
        ask(
          { endpoint: "UKSSDC old jobs", path: "listOldJobs.php" },
          Effect.succeed(user),
          Ukssdc.ListOldJobsResponse
        ).pipe(Effect.map((reply) => reply.jobs)),

      copyOldJob: (oldJob) => {
        const target = { endpoint: "UKSSDC old job", path: "getOldProduct.php", job: String(oldJob) }
        return ask(
          target,
          encode(target, Ukssdc.OldProductRequest, { UserID: userId, oldJob: wireJobId(oldJob) }),
          Ukssdc.OldProductResponse
        ).pipe(Effect.map(({ oldJob, jobPars, URL }): OldJobCopy => ({ oldJob, jobPars, URL })))
      },

      position: (jobId, kind) => {
        const endpoint = positionEndpoints[kind]
        const target = { endpoint: endpoint.name, path: endpoint.path, job: String(jobId) }
        return ask(
          target,
          encode(target, PositionRequest, { UserID: userId, JobID: wireJobId(jobId) }),
          PositionReply
        )
      },

      lightCurve: (jobId, lightCurveOptions = {}) => {
        const target = { endpoint: "UKSSDC light curve", path: "tprods/getLCData.php", job: String(jobId) }
        return ask(
          target,
          encode(target, Ukssdc.LightCurveRequest, {
            UserID: userId,
            JobID: wireJobId(jobId),
            ...(lightCurveOptions.nosys === undefined ? {} : { nosys: lightCurveOptions.nosys }),
            ...(lightCurveOptions.incbad === undefined ? {} : { incbad: lightCurveOptions.incbad })
          }),
          Ukssdc.LightCurveResponse
        )
      },

      spectrum: (jobId) => {
        const target = { endpoint: "UKSSDC spectrum", path: "tprods/getSpecData.php", job: String(jobId) }
        return ask(
          target,
          encode(target, Ukssdc.SpectrumRequest, { UserID: userId, JobID: wireJobId(jobId) }),
          Ukssdc.SpectrumResponse
        )
      },

      sourceDetection: (jobId) => {
        const target = {
          endpoint: "UKSSDC source detection",
          path: "tprods/getSourceDetResults.php",
          job: String(jobId)
        }
        return ask(
          target,
          encode(target, Ukssdc.SourceDetRequest, { UserID: userId, JobID: wireJobId(jobId) }),
          Ukssdc.SourceDetResponse
        )
      },

      archiveUrl,

      download: (jobUrl, product, format) => {
        const url = archiveUrl(jobUrl, product, format)
        const job = jobOfUrl(jobUrl)
        const target = FetchError.where("UKSSDC archive", url, job)
        return transport
          .open({ endpoint: target.endpoint, job, request: withUserAgent(HttpClientRequest.get(url)) })
          .pipe(
            Effect.mapError(hide),
            Effect.flatMap((response) =>
              // The stream runs with the caller's services (its clock, for the idle timeout).
              Effect.map(Effect.context<never>(), (context) =>
                Stream.toReadableStreamWith(archiveBytes(target, response), context)
              )
            )
          )
      }
    } satisfies Shape
  })

/** The client as a layer over the transport. */
export const layer = (options: Options): Layer.Layer<UkssdcClient, never, Transport.Transport> =>
  Layer.effect(UkssdcClient, make(options))
