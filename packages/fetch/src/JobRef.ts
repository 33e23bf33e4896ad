/**
 * Which job to follow: a UKSSDC job, a Swift TOO job, a TOM target or a TOM
 * pipeline, as plain data that saves to JSON with a watcher's state.
 *
 * @example
 * ```ts
 * import { JobRef } from "@jobscope/fetch"
 *
 * const ref = JobRef.fromSubmit(accepted) // after UkssdcClient.submit
 * JobRef.describe(ref) // "UKSSDC job 14"
 * ```
 */
import { type Too, Ukssdc } from "@jobscope/core"
import * as Schema from "effect/Schema"

/** A UKSSDC product-builder job. */
export const UkssdcJob = Schema.TaggedStruct("UkssdcJob", {
  jobId: Schema.String,
  /** The job's page, from the submit reply: the base of its archives and a link for people. */
  url: Schema.optionalKey(Schema.String),
  /** The products to ask about (default: all six, and a snapshot shows those the job has). */
  products: Schema.optionalKey(Schema.Array(Schema.String)),
  label: Schema.optionalKey(Schema.String)
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

/** Any job a watcher can follow. */
export const JobRef = Schema.Union([UkssdcJob, TooJob, TomTarget, TomPipeline])

/** Any job a watcher can follow. */
export type JobRef = UkssdcJob | TooJob | TomTarget | TomPipeline

/** A UKSSDC job by its ID. */
export const ukssdc = (
  jobId: string | number,
  options: { readonly url?: string; readonly products?: ReadonlyArray<string>; readonly label?: string } = {}
): UkssdcJob => UkssdcJob.make({ jobId: String(jobId), ...options })

/**
 * A UKSSDC job as its submit reply describes it: its ID, its page, and the
 * products it asked for (by their flags in `jobPars`; without any, all six).
 */
export const fromSubmit = (accepted: Ukssdc.SubmitAccepted, label?: string): UkssdcJob => {
  const products = Ukssdc.ProductKind.literals.filter((product) =>
    isSet(accepted.jobPars[Ukssdc.productFlag[product]])
  )
  const name = label ?? (typeof accepted.jobPars.name === "string" ? accepted.jobPars.name : undefined)
  return ukssdc(accepted.JobID, {
    url: accepted.URL,
    ...(products.length > 0 ? { products } : {}),
    ...(name === undefined ? {} : { label: name })
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

/** A Swift TOO job by its number. */
export const too = (jobnumber: number, label?: string): TooJob =>
  TooJob.make({ jobnumber, ...(label === undefined ? {} : { label }) })

/**
 * The Swift TOO job a reply is about, as `TooClient.request`, `visibility`,
 * `resolve` and `status` answer it; a `RangeError` when the reply names no job
 * number (the client turns such replies into `Refused`, so this means a reply
 * made by hand).
 */
export const fromToo = (status: Too.Status, label?: string): TooJob => {
  const jobnumber = status.api_data.jobnumber
  if (typeof jobnumber !== "number") throw new RangeError("this Swift TOO reply names no job number")
  return too(jobnumber, label)
}

/** A TOM target by its name or primary key. */
export const tomTarget = (target: string | number, label?: string): TomTarget =>
  TomTarget.make({ target: String(target), ...(label === undefined ? {} : { label }) })

/** A TOM pipeline by its primary key. */
export const tomPipeline = (pipeline: string | number, label?: string): TomPipeline =>
  TomPipeline.make({ pipeline: String(pipeline), ...(label === undefined ? {} : { label }) })

/** Which API a job belongs to, as `Poll.make` and `Job.Snapshot.source` name them. */
export const api = (ref: JobRef): "ukssdc" | "too" | "tom" => {
  switch (ref._tag) {
    case "UkssdcJob":
      return "ukssdc"
    case "TooJob":
      return "too"
    case "TomTarget":
    case "TomPipeline":
      return "tom"
  }
}

/** The job for people: "UKSSDC job 14", "Swift TOO job 1001", "TOM target M13", "TOM pipeline 7". */
export const describe = (ref: JobRef): string => {
  switch (ref._tag) {
    case "UkssdcJob":
      return `UKSSDC job ${ref.jobId}`
    case "TooJob":
      return `Swift TOO job ${ref.jobnumber}`
    case "TomTarget":
      return `TOM target ${ref.target}`
    case "TomPipeline":
      return `TOM pipeline ${ref.pipeline}`
  }
}
