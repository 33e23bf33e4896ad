import {
  Progress as CoreProgress,
  Tom as CoreTom,
  Too as CoreToo,
  TooRest as CoreTooRest,
  Ukssdc as CoreUkssdc
} from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as z from "zod"
import { type JsonSchema, Progress, Tom, Too, TooRest, Ukssdc } from "../src/index.js"

/** One wire format: its zod schema, and the core's schema it mirrors. */
export interface Format {
  readonly zod: z.ZodType
  readonly core: Schema.Codec<unknown, unknown>
  /**
   * What to generate values from, for the core to encode, when the core's
   * schema alone does not do well (default: the core's schema).
   */
  readonly sample?: Schema.Codec<unknown, unknown>
}

/** A few texts that pass the TOO request's "must not be empty". */
const RequestText = Schema.Literals(["myuser", "GRB 210315A", "Localise the afterglow.", "2 ks per visit"])

/**
 * TOO requests: the core's fields, except those whose rules (ranges, non-empty
 * text, cross-field rules) Effect cannot generate values for by itself, which
 * are drawn from ranges that keep to the rules. GRB requests, whose rules need
 * two fields together, are covered by the fixtures and their mutations.
 */
const RequestSample = Schema.Struct({
  ...CoreToo.Request.fields,
  api_data: Schema.Struct({
    ...CoreToo.Request.fields.api_data.fields,
    username: RequestText,
    source_name: RequestText,
    science_just: RequestText,
    exp_time_just: RequestText,
    source_type: Schema.Literals(["AGN", "Supernova", "Nova"]),
    ra: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 360 })),
    dec: Schema.Finite.check(Schema.isBetween({ minimum: -90, maximum: 90 })),
    urgency: Schema.optionalKey(Schema.Literals([1, 2, 3, 4])),
    num_of_visits: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 30 })),
    monitoring_freq: Schema.Literals(["1 day", "3 orbits", "2.5 hours"])
  })
})

/**
 * TOO REST request records with the keys a record always has in practice:
 * every key of the core's is optional, so its own values are mostly near-empty
 * records that leave a mutation little to break.
 */
const TooRestRequestSample = Schema.Struct({
  ...CoreTooRest.TooRequest.fields,
  too_id: Schema.Int,
  timestamp: CoreTooRest.DateTime,
  target_name: Schema.String,
  ra: Schema.Finite,
  dec: Schema.Finite,
  urgency: Schema.Int,
  done: Schema.Int,
  decision: Schema.String,
  calendar: CoreTooRest.Calendar
})

/** Name resolutions that found the name, with the status object, for the same reason as {@link TooRestRequestSample}. */
const TooRestResolveSample = Schema.Struct({
  ...CoreTooRest.Resolve.fields,
  name: Schema.String,
  ra: Schema.Finite,
  dec: Schema.Finite,
  resolver: Schema.String,
  status: CoreTooRest.Status
})

/** Every wire format that has a JSON Schema, with its two schemas. */
export const formats: Readonly<Record<JsonSchema.Name, Format>> = {
  "ukssdc-status-request": { zod: Ukssdc.StatusRequest, core: CoreUkssdc.StatusRequest },
  "ukssdc-status-response": { zod: Ukssdc.StatusResponse, core: CoreUkssdc.StatusResponse },
  "ukssdc-submit-response": { zod: Ukssdc.SubmitResponse, core: CoreUkssdc.SubmitResponse },
  "ukssdc-cancel-request": { zod: Ukssdc.CancelRequest, core: CoreUkssdc.CancelRequest },
  "ukssdc-cancel-response": { zod: Ukssdc.CancelResponse, core: CoreUkssdc.CancelResponse },
  "ukssdc-user-request": { zod: Ukssdc.UserRequest, core: CoreUkssdc.UserRequest },
  "ukssdc-num-jobs-response": { zod: Ukssdc.NumJobsResponse, core: CoreUkssdc.NumJobsResponse },
  "ukssdc-list-old-jobs-response": { zod: Ukssdc.ListOldJobsResponse, core: CoreUkssdc.ListOldJobsResponse },
  "ukssdc-old-product-request": { zod: Ukssdc.OldProductRequest, core: CoreUkssdc.OldProductRequest },
  "ukssdc-old-product-response": { zod: Ukssdc.OldProductResponse, core: CoreUkssdc.OldProductResponse },
  "ukssdc-position-response": { zod: Ukssdc.PositionResponse, core: CoreUkssdc.PositionResponse },
  "ukssdc-light-curve-request": { zod: Ukssdc.LightCurveRequest, core: CoreUkssdc.LightCurveRequest },
  "ukssdc-light-curve-response": { zod: Ukssdc.LightCurveResponse, core: CoreUkssdc.LightCurveResponse },
  "ukssdc-spectrum-request": { zod: Ukssdc.SpectrumRequest, core: CoreUkssdc.SpectrumRequest },
  "ukssdc-spectrum-response": { zod: Ukssdc.SpectrumResponse, core: CoreUkssdc.SpectrumResponse },
  "ukssdc-source-det-request": { zod: Ukssdc.SourceDetRequest, core: CoreUkssdc.SourceDetRequest },
  "ukssdc-source-det-response": { zod: Ukssdc.SourceDetResponse, core: CoreUkssdc.SourceDetResponse },
  "too-envelope": { zod: Too.Envelope, core: CoreToo.Envelope },
  "too-request": { zod: Too.Request, core: CoreToo.Request, sample: RequestSample },
  "too-rest-request": { zod: TooRest.TooRequest, core: CoreTooRest.TooRequest, sample: TooRestRequestSample },
  "too-rest-requests": { zod: TooRest.TooRequests, core: CoreTooRest.TooRequests },
  "too-rest-calendar": { zod: TooRest.Calendar, core: CoreTooRest.Calendar },
  "too-rest-submit-reply": { zod: TooRest.SubmitReply, core: CoreTooRest.SubmitReply },
  "too-rest-obsquery": { zod: TooRest.ObsQuery, core: CoreTooRest.ObsQuery },
  "too-rest-data": { zod: TooRest.Data, core: CoreTooRest.Data },
  "too-rest-visquery": { zod: TooRest.VisQuery, core: CoreTooRest.VisQuery },
  "too-rest-resolve": { zod: TooRest.Resolve, core: CoreTooRest.Resolve, sample: TooRestResolveSample },
  "too-rest-detail": { zod: TooRest.Detail, core: CoreTooRest.Detail },
  "too-rest-status-refusal": { zod: TooRest.StatusRefusal, core: CoreTooRest.StatusRefusal },
  "tom-async-status-response": { zod: Tom.AsyncStatusResponse, core: CoreTom.AsyncStatusResponse },
  "tom-pipeline-logs": { zod: Tom.PipelineLogs, core: CoreTom.PipelineLogs },
  "tom-not-found": { zod: Tom.NotFound, core: CoreTom.NotFound },
  "progress-steps": {
    zod: Progress.Steps,
    core: CoreProgress.Steps,
    // The core's own arbitrary mostly makes empty lists, which have no place to mutate.
    sample: Schema.Tuple([CoreProgress.Step])
  }
}

/** Every format, by name. */
export const formatEntries = Object.entries(formats) as ReadonlyArray<readonly [JsonSchema.Name, Format]>

/** The format each fixture is an example of. */
export const formatOfFixture: Readonly<Record<string, JsonSchema.Name>> = {
  "tom/not-found": "tom-not-found",
  "tom/pipeline-failed": "tom-pipeline-logs",
  "tom/pipeline-finished": "tom-pipeline-logs",
  "tom/pipeline-logs-seed": "tom-pipeline-logs",
  "tom/pipeline-running-early": "tom-pipeline-logs",
  "tom/pipeline-running-later": "tom-pipeline-logs",
  "tom/status-later": "tom-async-status-response",
  "tom/status-seed": "tom-async-status-response",
  "too/afst-accepted": "too-envelope",
  "too/resolve-accepted": "too-envelope",
  "too/status-fetchresult": "too-envelope",
  "too/status-from-jwt": "too-envelope",
  "too/status-processing": "too-envelope",
  "too/status-queued": "too-envelope",
  "too/status-rejected": "too-envelope",
  "too/status-request": "too-envelope",
  "too/too-request": "too-request",
  "too/too-request-accepted": "too-request",
  "too/unknown-clock": "too-envelope",
  "too/visquery-accepted": "too-envelope",
  "too/visquery-request": "too-envelope",
  "tooRest/request-observing": "too-rest-request",
  "ukssdc/cancel-not-owner": "ukssdc-cancel-response",
  "ukssdc/cancel-reply": "ukssdc-cancel-response",
  "ukssdc/cancel-request": "ukssdc-cancel-request",
  "ukssdc/cancel-some": "ukssdc-cancel-response",
  "ukssdc/lc-data": "ukssdc-light-curve-response",
  "ukssdc/list-old-jobs": "ukssdc-list-old-jobs-response",
  "ukssdc/num-jobs": "ukssdc-num-jobs-response",
  "ukssdc/old-product": "ukssdc-old-product-response",
  "ukssdc/position-found": "ukssdc-position-response",
  "ukssdc/spec-data": "ukssdc-spectrum-response",
  "ukssdc/source-det": "ukssdc-source-det-response",
  "ukssdc/position-none": "ukssdc-position-response",
  "ukssdc/status-basic": "ukssdc-status-response",
  "ukssdc/status-basic-request": "ukssdc-status-request",
  "ukssdc/status-complex": "ukssdc-status-response",
  "ukssdc/status-complex-request": "ukssdc-status-request",
  "ukssdc/status-extras": "ukssdc-status-response",
  "ukssdc/status-full": "ukssdc-status-response",
  "ukssdc/status-full-request": "ukssdc-status-request",
  "ukssdc/status-nonexistent-products": "ukssdc-status-response",
  "ukssdc/status-not-owner": "ukssdc-status-response",
  "ukssdc/submit-accepted": "ukssdc-submit-response",
  "ukssdc/submit-rejected": "ukssdc-submit-response"
}

/** Whether zod accepts a value; zod must never throw. */
export const zodAccepts = (format: Format, value: unknown): boolean => format.zod.safeParse(value).success

/** Whether the core accepts a value. */
export const coreAccepts = (format: Format, value: unknown): boolean =>
  Result.isSuccess(Schema.decodeUnknownResult(format.core)(value))

/** A value as it travels: what `JSON.stringify` keeps. */
export const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** The core's canonical wire form of a value it accepts: decoded, then encoded back, as JSON. */
export const canonical = (format: Format, value: unknown): unknown =>
  asJson(Schema.encodeSync(format.core)(Schema.decodeUnknownSync(format.core)(value)))

/** The core's decoded form of a value it accepts. */
export const decoded = (format: Format, value: unknown): unknown =>
  Schema.decodeUnknownSync(format.core)(value)

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype

/**
 * A copy without keys named `__proto__`, at any depth: zod drops such a key
 * from the records it builds (a guard against prototype pollution), where the
 * core keeps it as an ordinary key. Dates, durations and other class instances
 * are kept as they are.
 */
export const withoutProtoKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutProtoKeys)
  if (!isPlainObject(value)) return value
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) if (key !== "__proto__") copy[key] = withoutProtoKeys(item)
  return copy
}
