/**
 * The UWS job document (`GET {jobs}/{job-id}`), as Effect Schemas of what
 * {@link decodeJob} reads out of the XML: every element of UWS 1.0 and 1.1,
 * values typed (times as `Date`, durations and sizes as numbers), `xsi:nil`
 * and empty elements read as absent, `jobInfo` kept as a neutral tree.
 */
import * as Schema from "effect/Schema"
import * as Xsd from "../internal/xsd.js"
import * as Xml from "../Xml.js"
import { ExecutionPhase } from "./ExecutionPhase.js"

/** One parameter of a job: its id and value, the value a URL when `byReference`. */
export const Parameter = Schema.Struct({
  id: Schema.String,
  value: Schema.String,
  /** The value is a URL the service reads the parameter from (default false). */
  byReference: Schema.optionalKey(Xsd.Flag),
  /** The parameter came in a POST body, not a URL query (UWS 1.1; default false). */
  isPost: Schema.optionalKey(Xsd.Flag)
})

/** One parameter of a job. */
export interface Parameter extends Schema.Schema.Type<typeof Parameter> {}

/** One result of a job: its id, where to get it (`xlink:href`), and its size and media type when given. */
export const Result = Schema.Struct({
  id: Schema.String,
  /** The result's URL, as the service wrote it (absolute, or relative to the job). */
  href: Schema.optionalKey(Schema.String),
  /** Its size in bytes (UWS 1.1). */
  size: Schema.optionalKey(Xsd.Count),
  /** Its media type (UWS 1.1 `mime-type`): `application/x-votable+xml`, `text/csv` … */
  mimeType: Schema.optionalKey(Schema.String)
})

/** One result of a job. */
export interface Result extends Schema.Schema.Type<typeof Result> {}

/** The results of a job on their own (`GET {job}/results`). */
export const ResultList = Schema.Struct({ results: Schema.Array(Result) })

/** The results of a job on their own. */
export interface ResultList extends Schema.Schema.Type<typeof ResultList> {}

/** Why a job failed: `transient` or `fatal`, a message, and whether a detail document can be fetched. */
export const ErrorSummary = Schema.Struct({
  type: Schema.Literals(["transient", "fatal"]),
  /** Whether `{job}/error` holds more (default false). */
  hasDetail: Xsd.Flag,
  message: Schema.optionalKey(Schema.String)
})

/** Why a job failed. */
export interface ErrorSummary extends Schema.Schema.Type<typeof ErrorSummary> {}

/** A UWS job, as its job document describes it. */
export const JobDocument = Schema.Struct({
  /** The UWS version the service speaks: "1.1", or "1.0" for a document without a `version` attribute. */
  version: Schema.String,
  jobId: Schema.NonEmptyString,
  /** The client's own tag for the job. */
  runId: Schema.optionalKey(Schema.String),
  /** Who owns the job, when the service says (nil for anonymous jobs). */
  ownerId: Schema.optionalKey(Schema.String),
  phase: ExecutionPhase,
  /** When the service expects the job to finish, if it runs now. */
  quote: Schema.optionalKey(Xsd.DateTime),
  /** When the job was created (UWS 1.1). */
  creationTime: Schema.optionalKey(Xsd.DateTime),
  startTime: Schema.optionalKey(Xsd.DateTime),
  endTime: Schema.optionalKey(Xsd.DateTime),
  /** How long the job may run, in seconds; 0 means no limit. */
  executionDuration: Schema.optionalKey(Xsd.Count),
  /** When the service will destroy the job and its results. */
  destruction: Schema.optionalKey(Xsd.DateTime),
  parameters: Schema.Array(Parameter),
  results: Schema.Array(Result),
  errorSummary: Schema.optionalKey(ErrorSummary),
  /** Whatever else the service says of the job, as it wrote it. */
  jobInfo: Schema.optionalKey(Schema.Array(Xml.Element))
})

/** A UWS job, as its job document describes it. */
export interface JobDocument extends Schema.Schema.Type<typeof JobDocument> {}

/** One entry of a job list: a job's id, URL and phase, and what UWS 1.1 adds. */
export const JobRef = Schema.Struct({
  id: Schema.NonEmptyString,
  /** The job's URL (`xlink:href`), as the service wrote it. */
  href: Schema.optionalKey(Schema.String),
  phase: ExecutionPhase,
  runId: Schema.optionalKey(Schema.String),
  ownerId: Schema.optionalKey(Schema.String),
  creationTime: Schema.optionalKey(Xsd.DateTime)
})

/** One entry of a job list. */
export interface JobRef extends Schema.Schema.Type<typeof JobRef> {}

/** A job list (`GET {jobs}`), with the filters applied that were asked for. */
export const JobList = Schema.Struct({
  version: Schema.String,
  jobs: Schema.Array(JobRef)
})

/** A job list. */
export interface JobList extends Schema.Schema.Type<typeof JobList> {}
