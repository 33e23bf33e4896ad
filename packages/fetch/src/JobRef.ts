/**
 * The built-in jobs to follow: a UKSSDC job, a Swift TOO API job (1.2), a
 * Swift TOO request through its life (REST API), a TOM target or a TOM pipeline. Each constructor gives a `Followable` for the follow layer,
 * carrying its `ref`: the job as plain data that saves to JSON (beside a
 * watch's state) and comes back with {@link follow}.
 *
 * @example
 * ```ts
 * import { Follow, JobRef } from "@jobscope/fetch"
 *
 * const job = JobRef.fromSubmit(accepted) // after UkssdcClient.submit
 * job.name // "UKSSDC job 14"
 * Follow.watch(job)
 * ```
 */
import { Tom, Too, TooRest, Ukssdc } from "@jobscope/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { FetchError } from "./FetchError.js"
import * as Followable from "./Followable.js"
import * as AskedProducts from "./internal/askedProducts.js"
import { TomClient } from "./TomClient.js"
import { TooClient } from "./TooClient.js"
import { TooRestClient } from "./TooRestClient.js"
import { UkssdcClient } from "./UkssdcClient.js"

/** A UKSSDC product-builder job. */
export const UkssdcJob = Schema.TaggedStruct("UkssdcJob", {
  jobId: Schema.String,
  /** The job's page, from the submit reply: the base of its archives and a link for people. */
  url: Schema.optionalKey(Schema.String),
  /** The products to ask about (default: all of them, and a snapshot shows those the job has). */
  products: Schema.optionalKey(Schema.Array(Schema.String)),
  label: Schema.optionalKey(Schema.String),
  /** Also read the position each position product found once it is complete, one request each (default: false). */
  positions: Schema.optionalKey(Schema.Boolean),
  /** Also read the light curve's data, the spectrum's fits and the sources found once each is complete, one request each (default: false). */
  data: Schema.optionalKey(Schema.Boolean)
})

/** A UKSSDC product-builder job. */
export interface UkssdcJob extends Schema.Schema.Type<typeof UkssdcJob> {}

/** A Swift TOO API job, by the number the server gave it. */
export const TooJob = Schema.TaggedStruct("TooJob", {
  jobnumber: Schema.Int,
  label: Schema.optionalKey(Schema.String)
})

/** A Swift TOO API job. */
export interface TooJob extends Schema.Schema.Type<typeof TooJob> {}

/**
 * A Swift TOO request (REST API), by its TOO id, followed through its life:
 * decision, calendar, visits, data in the archive.
 */
export const TooRequestJob = Schema.TaggedStruct("TooRequestJob", {
  tooId: Schema.Int,
  label: Schema.optionalKey(Schema.String)
})

/** A Swift TOO request. */
export interface TooRequestJob extends Schema.Schema.Type<typeof TooRequestJob> {}

/** A TOM target, whose async processes are followed together. */
export const TomTarget = Schema.TaggedStruct("TomTarget", {
  target: Schema.String,
  label: Schema.optionalKey(Schema.String)
})

/** A TOM target. */
export interface TomTarget extends Schema.Schema.Type<typeof TomTarget> {}

/** A TOM pipeline, followed through its log. */
export const TomPipeline = Schema.TaggedStruct("TomPipeline", {
  pipeline: Schema.String,
  label: Schema.optionalKey(Schema.String)
})

/** A TOM pipeline. */
export interface TomPipeline extends Schema.Schema.Type<typeof TomPipeline> {}

/** Any built-in job, as data. */
export const JobRef = Schema.Union([UkssdcJob, TooJob, TooRequestJob, TomTarget, TomPipeline])

/** Any built-in job, as data. */
export type JobRef = UkssdcJob | TooJob | TooRequestJob | TomTarget | TomPipeline

/** A built-in job to follow, with its data to save. */
export type Builtin<Reply, Client, Ref extends JobRef> = Followable.Followable<Reply, Client> & {
  readonly ref: Ref
}

/** A UKSSDC job to follow. */
export type OfUkssdc = Builtin<Ukssdc.StatusOk, UkssdcClient, UkssdcJob>

/** A Swift TOO job to follow. */
export type OfToo = Builtin<Too.Status, TooClient, TooJob>

/** A Swift TOO request to follow. */
export type OfTooRequest = Builtin<TooRest.Findings, TooRestClient, TooRequestJob>

/** A TOM target to follow. */
export type OfTomTarget = Builtin<Tom.AsyncStatusResponse, TomClient, TomTarget>

/** A TOM pipeline to follow. */
export type OfTomPipeline = Builtin<Tom.PipelineLogs, TomClient, TomPipeline>

/** Any built-in job to follow. */
export type Any = OfUkssdc | OfToo | OfTooRequest | OfTomTarget | OfTomPipeline

/**
 * A UKSSDC job by its ID: one status request per poll for all its products;
 * with `positions`, one more per position product once it is complete, and
 * with `data` one more for the light curve's data, the spectrum's fits and
 * the source detection's sources once each is complete — each never again
 * for that product.
 */
export const ukssdc = (
  jobId: string | number,
  options: {
    readonly url?: string
    readonly products?: ReadonlyArray<string>
    readonly label?: string
    readonly positions?: boolean
    readonly data?: boolean
  } = {}
): OfUkssdc => followUkssdc(UkssdcJob.make({ jobId: String(jobId), ...options }))

const followUkssdc = (ref: UkssdcJob): OfUkssdc => {
  const found: Partial<Record<Ukssdc.PositionKind, Ukssdc.PositionResponse>> = {}
  // What a complete product made; `null` once the server refused to say (asked no more).
  const made: {
    lightCurve?: Ukssdc.LightCurveData | null
    spectrum?: Ukssdc.SpectrumData | null
    sourceDetection?: Ukssdc.SourceDetData | null
  } = {}
  const { jobId, products } = ref
  const request = Effect.gen(function* () {
    const client = yield* UkssdcClient
    const reply = yield* client.status(jobId, products === undefined ? {} : { products })
    const complete = (product: string) => reply.products[product]?.statusCode === 4
    if (ref.positions === true) {
      for (const product of Ukssdc.positionKinds) {
        if (complete(product) && found[product] === undefined)
          found[product] = yield* client.position(jobId, product)
      }
    }
    if (ref.data === true) {
      if (complete("lc") && made.lightCurve === undefined)
        made.lightCurve = yield* orNone(client.lightCurve(jobId))
      if (complete("spec") && made.spectrum === undefined)
        made.spectrum = yield* orNone(client.spectrum(jobId))
      if (complete("sourceDet") && made.sourceDetection === undefined)
        made.sourceDetection = yield* orNone(client.sourceDetection(jobId))
    }
    return reply
  })
  return {
    ...Followable.make({
      source: Ukssdc.source,
      jobId,
      request,
      toSnapshot: (reply, observedAt) =>
        AskedProducts.only(
          products,
          Ukssdc.toSnapshot(reply, {
            observedAt,
            url: ref.url,
            label: ref.label,
            positions: { ...found },
            lightCurve: made.lightCurve ?? undefined,
            spectrum: made.spectrum ?? undefined,
            sourceDetection: made.sourceDetection ?? undefined,
            // Asked about all of them, the server answers "Unknown status" for those the job lacks.
            onlyTheJobsProducts: products === undefined
          })
        )
    }),
    ref
  }
}

/** What a product made, or `null` when the server refuses to say (a product without data): not worth a failed poll. */
const orNone = <A>(read: Effect.Effect<A, FetchError>): Effect.Effect<A | null, FetchError> =>
  Effect.catchTag(read, "Refused", () => Effect.succeed(null))

/**
 * A UKSSDC job as its submit reply describes it: its ID, its page, and the
 * products it asked for (by their flags in `jobPars`; without any, all of them).
 */
export const fromSubmit = (
  accepted: Ukssdc.SubmitAccepted,
  label?: string,
  options: { readonly positions?: boolean; readonly data?: boolean } = {}
): OfUkssdc => {
  const products = Ukssdc.ProductKind.literals.filter((product) =>
    isSet(accepted.jobPars[Ukssdc.productFlag[product]])
  )
  const name = label ?? (typeof accepted.jobPars.name === "string" ? accepted.jobPars.name : undefined)
  return ukssdc(accepted.JobID, {
    url: accepted.URL,
    ...(products.length > 0 ? { products } : {}),
    ...(name === undefined ? {} : { label: name }),
    ...options
  })
}

/**
 * Whether a flag in `jobPars` asks for its product. The server echoes the
 * flags as they were sent (`1`, `"1"`, `true`); anything but a clear "off" counts, since
 * watching a product the job lacks costs nothing (it comes back unknown), and
 * missing one would end the watch before the job.
 */
const isSet = (flag: unknown): boolean =>
  flag !== undefined && flag !== null && flag !== 0 && flag !== "0" && flag !== false && flag !== ""

/** A Swift TOO job by its number: its status, with its result once it is done. */
export const too = (jobnumber: number, label?: string): OfToo =>
  followToo(TooJob.make({ jobnumber, ...(label === undefined ? {} : { label }) }))

const followToo = (ref: TooJob): OfToo => ({
  ...Followable.make({
    source: Too.source,
    jobId: String(ref.jobnumber),
    request: Effect.flatMap(TooClient, (client) => client.status(ref.jobnumber)),
    toSnapshot: (reply: Too.Status, observedAt) => Too.toSnapshot(reply, { observedAt, label: ref.label })
  }),
  ref
})

/**
 * The Swift TOO job a reply is about, as `TooClient.request`, `visibility`,
 * `resolve` and `status` answer it, with that reply as its first poll's
 * answer; a `RangeError` when the reply names no job number (the client turns
 * such replies into `Refused`, so this means a reply made by hand).
 */
export const fromToo = (status: Too.Status, label?: string): OfToo => {
  const jobnumber = status.api_data.jobnumber
  if (typeof jobnumber !== "number") throw new RangeError("this Swift TOO reply names no job number")
  return Followable.withFirst(too(jobnumber, label), status)
}

/**
 * A Swift TOO request by its TOO id, through its life. Each poll asks for its
 * record in detail; once it has been observed, for the as-flown timeline of
 * its target; and once the planners count it done, for the files of each
 * observation not yet found in the archive — never again for one found.
 */
export const tooRequest = (tooId: number, label?: string): OfTooRequest =>
  followTooRequest(TooRequestJob.make({ tooId, ...(label === undefined ? {} : { label }) }))

const followTooRequest = (ref: TooRequestJob): OfTooRequest => {
  // What the archive has of each observation, once found (asked no more).
  const archived: Record<string, TooRest.Data> = {}
  const request = Effect.gen(function* () {
    const client = yield* TooRestClient
    const record = yield* client.request(ref.tooId)
    const flown = (record.calendar?.entries ?? []).some((visit) => (visit.asflown ?? 0) > 0)
    const observations =
      flown && typeof record.target_id === "number"
        ? (yield* client.observations({ targetIds: [record.target_id] })).entries
        : []
    if (TooRest.isDone(record)) {
      for (const obsId of TooRest.observationIds(observations)) {
        if (archived[obsId] !== undefined) continue
        const data = yield* client.data(obsId)
        if (data.entries.length > 0) archived[obsId] = data
      }
    }
    return { request: record, observations, data: { ...archived } } satisfies TooRest.Findings
  })
  return {
    ...Followable.make({
      source: TooRest.source,
      jobId: String(ref.tooId),
      request,
      toSnapshot: (findings: TooRest.Findings, observedAt) =>
        TooRest.toSnapshot(findings, { observedAt, label: ref.label })
    }),
    ref
  }
}

/**
 * The Swift TOO request a submission created, from `TooRestClient.submit`'s
 * reply; a `RangeError` for a reply without a `too_id` (a validate-only
 * request creates none).
 */
export const fromTooSubmit = (reply: TooRest.SubmitReply, label?: string): OfTooRequest => {
  if (typeof reply.too_id !== "number")
    throw new RangeError(
      `this submission created no TOO request (its status is ${JSON.stringify(reply.status)})`
    )
  return tooRequest(reply.too_id, label)
}

/** A TOM target by its name or primary key: the async processes it has, followed together. */
export const tomTarget = (target: string | number, label?: string): OfTomTarget =>
  followTarget(TomTarget.make({ target: String(target), ...(label === undefined ? {} : { label }) }))

const followTarget = (ref: TomTarget): OfTomTarget => {
  // The TOM's address, from the client that asked: the URLs it gives are relative to it.
  let baseUrl: string | undefined
  return {
    ...Followable.make({
      source: Tom.source,
      jobId: `target/${ref.target}`,
      request: Effect.flatMap(TomClient, (client) => {
        baseUrl = client.baseUrl
        return client.status(ref.target)
      }),
      toSnapshot: (reply: Tom.AsyncStatusResponse, observedAt) =>
        Tom.toSnapshot(reply, { target: ref.target, observedAt, label: ref.label, baseUrl })
    }),
    ref
  }
}

/** A TOM pipeline by its primary key, followed through its log. */
export const tomPipeline = (pipeline: string | number, label?: string): OfTomPipeline =>
  followPipeline(TomPipeline.make({ pipeline: String(pipeline), ...(label === undefined ? {} : { label }) }))

const followPipeline = (ref: TomPipeline): OfTomPipeline => {
  // The TOM's address, from the client that asked: the URLs it gives are relative to it.
  let baseUrl: string | undefined
  return {
    ...Followable.make({
      source: Tom.source,
      jobId: `pipeline/${ref.pipeline}`,
      request: Effect.flatMap(TomClient, (client) => {
        baseUrl = client.baseUrl
        return client.logs(ref.pipeline)
      }),
      toSnapshot: (reply: Tom.PipelineLogs, observedAt) =>
        Tom.logsToSnapshot(reply, { pipeline: ref.pipeline, observedAt, label: ref.label, baseUrl })
    }),
    ref
  }
}

/** A built-in job saved as data, to follow again (in another process, say). */
export const follow = (ref: JobRef): Any => {
  switch (ref._tag) {
    case "UkssdcJob":
      return followUkssdc(ref)
    case "TooJob":
      return followToo(ref)
    case "TooRequestJob":
      return followTooRequest(ref)
    case "TomTarget":
      return followTarget(ref)
    case "TomPipeline":
      return followPipeline(ref)
  }
}
