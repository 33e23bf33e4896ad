/**
 * Submitting a UKSSDC job (`run_userobject.php`): the acknowledgement or the
 * list of problems, and the rule for submitting the same job again.
 */
import * as Schema from "effect/Schema"
import { JobId } from "./Identity.js"

/** The job's parameters after the server's processing, defaults and looked-up values included. */
export const JobParameters = Schema.Record(Schema.String, Schema.Json)

/** The job's parameters after the server's processing. */
export type JobParameters = typeof JobParameters.Type

/** An accepted job: where to watch it, its ID, and its full parameters. */
export const SubmitAccepted = Schema.Struct({
  OK: Schema.Literal(1),
  /** The page of the job, and the base of its product archives. */
  URL: Schema.String,
  JobID: JobId,
  APIVersion: Schema.Finite,
  jobPars: JobParameters
})

/** An accepted job. */
export interface SubmitAccepted extends Schema.Schema.Type<typeof SubmitAccepted> {}

/** One list of problems with a submission, such as the parameters that were missing. */
export const ProblemList = Schema.Struct({ label: Schema.String, list: Schema.Array(Schema.String) })

/** One list of problems with a submission. */
export interface ProblemList extends Schema.Schema.Type<typeof ProblemList> {}

/** A refused job: the error, and, for some errors, lists of what to fix. */
export const SubmitRejected = Schema.Struct({
  OK: Schema.Literal(0),
  ERROR: Schema.String,
  APIVersion: Schema.optionalKey(Schema.Finite),
  listErr: Schema.optionalKey(Schema.Array(ProblemList))
})

/** A refused job. */
export interface SubmitRejected extends Schema.Schema.Type<typeof SubmitRejected> {}

/** What `run_userobject.php` answers. */
export const SubmitResponse = Schema.Union([SubmitAccepted, SubmitRejected]).annotate({
  expected: "a UKSSDC submit reply: OK 1 with URL, JobID and jobPars, or OK 0 with an ERROR"
})

/** What `run_userobject.php` answers. */
export type SubmitResponse = typeof SubmitResponse.Type

/** The options that ask the server to look values up, which a repeat must not ask again. */
export const lookupOptions: ReadonlyArray<string> = ["getT0", "getTargs", "getCoords"]

/**
 * What `jobPars` echoes of the request itself (swifttools `ReturnData.md`):
 * the envelope and the user, which a client adds to every request anyway.
 */
export const echoedRequestKeys: ReadonlyArray<string> = ["api_name", "api_version", "UserID"]

/**
 * The parameters to submit the same job again (say, with new observations of
 * the same target): `jobPars` without `getT0`, `getTargs` and `getCoords`, so
 * that the values they found the first time are kept, and without the echoed
 * `api_name`, `api_version` and `UserID`, which the client sends itself.
 */
export const resubmissionParameters = (jobPars: JobParameters): JobParameters =>
  Object.fromEntries(
    Object.entries(jobPars).filter(
      ([key]) => !lookupOptions.includes(key) && !echoedRequestKeys.includes(key)
    )
  )
