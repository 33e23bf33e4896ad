/**
 * JSON Schemas (draft 2020-12) of the wire formats, generated from the zod
 * schemas and shipped as `@jobscope/zod/json-schema/<name>.json`.
 *
 * A JSON Schema says less than the zod schema it comes from: it checks shapes,
 * types, literals and patterns, but not the rules written in code (a real
 * calendar date, a GRB's trigger time, `whatProg` among `what`, the depth
 * limit of nested steps). Everything zod accepts, it accepts.
 */
import * as z from "zod"
import { Json } from "./internal/json.js"
import * as Progress from "./Progress.js"
import * as Tom from "./Tom.js"
import * as Too from "./Too.js"
import * as TooRest from "./TooRest.js"
import * as Ukssdc from "./ukssdc/index.js"

/**
 * A status reply's products are keys beside `OK` and `JobID`, which
 * `Ukssdc.StatusOk` picks out in code; here the same parts say it with
 * `patternProperties`.
 */
const StatusOk = z
  .looseObject(Ukssdc.StatusOk.shape)
  .and(z.looseRecord(Ukssdc.ProductEntryKey, Ukssdc.ProductStatus))

/** What each document describes, by name. */
const described = {
  "ukssdc-status-request": Ukssdc.StatusRequest,
  "ukssdc-status-response": z.union([StatusOk, Ukssdc.Refusal]),
  "ukssdc-submit-response": Ukssdc.SubmitResponse,
  "ukssdc-cancel-request": Ukssdc.CancelRequest,
  "ukssdc-cancel-response": Ukssdc.CancelResponse,
  "ukssdc-user-request": Ukssdc.UserRequest,
  "ukssdc-num-jobs-response": Ukssdc.NumJobsResponse,
  "ukssdc-list-old-jobs-response": Ukssdc.ListOldJobsResponse,
  "ukssdc-old-product-request": Ukssdc.OldProductRequest,
  "ukssdc-old-product-response": Ukssdc.OldProductResponse,
  "ukssdc-position-response": Ukssdc.PositionResponse,
  "ukssdc-light-curve-request": Ukssdc.LightCurveRequest,
  "ukssdc-light-curve-response": Ukssdc.LightCurveResponse,
  "ukssdc-spectrum-request": Ukssdc.SpectrumRequest,
  "ukssdc-spectrum-response": Ukssdc.SpectrumResponse,
  "ukssdc-source-det-request": Ukssdc.SourceDetRequest,
  "ukssdc-source-det-response": Ukssdc.SourceDetResponse,
  "too-envelope": Too.Envelope,
  "too-request": Too.Request,
  "too-rest-request": TooRest.TooRequest,
  "too-rest-requests": TooRest.TooRequests,
  "too-rest-calendar": TooRest.Calendar,
  "too-rest-submit-reply": TooRest.SubmitReply,
  "too-rest-obsquery": TooRest.ObsQuery,
  "too-rest-data": TooRest.Data,
  "too-rest-visquery": TooRest.VisQuery,
  "too-rest-resolve": TooRest.Resolve,
  "too-rest-detail": TooRest.Detail,
  "too-rest-status-refusal": TooRest.StatusRefusal,
  "tom-async-status-response": Tom.AsyncStatusResponse,
  "tom-pipeline-logs": Tom.PipelineLogs,
  "tom-not-found": Tom.NotFound,
  "progress-steps": Progress.Steps
} satisfies Record<string, z.ZodType>

/**
 * Names for the parts that documents share or that recur, so that a document
 * reads `#/$defs/UkssdcStep` rather than a generated name.
 */
const definitions = z.registry<{ id: string }>()
definitions.add(Ukssdc.Step.out, { id: "UkssdcStep" })
definitions.add(Progress.Step.out, { id: "ProgressStep" })
definitions.add(Too.Envelope, { id: "TooEnvelope" })
definitions.add(Too.Status, { id: "TooStatus" })

/** The name of a wire format that has a JSON Schema, such as `ukssdc-status-response`. */
export type Name = keyof typeof described

/** Every wire format that has a JSON Schema. */
export const names = Object.keys(described) as ReadonlyArray<Name>

/** A JSON Schema document. */
export type Document = z.core.JSONSchema.BaseSchema

/**
 * The JSON Schema of one wire format, the same document as
 * `@jobscope/zod/json-schema/<name>.json`: what is sent, including the quirks
 * (numeric-string status codes, `null`s).
 */
export const make = (name: Name): Document =>
  z.toJSONSchema(described[name], {
    target: "draft-2020-12",
    io: "input",
    metadata: definitions,
    // A JSON document holds only JSON, so "any JSON value" is the empty schema.
    unrepresentable: ({ zodSchema }) => (zodSchema === Json ? {} : "throw")
  })
