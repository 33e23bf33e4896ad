/**
 * A user's UKSSDC jobs (`getNumJobs.php`, `listOldJobs.php`,
 * `getOldProduct.php`) and the positions a finished job reports.
 */
import * as Schema from "effect/Schema"
import { UtcDateTime } from "../internal/utcDateTime.js"
import { JobId, UserId } from "./Identity.js"
import { Refusal } from "./Refusal.js"
import { JobParameters } from "./Submit.js"

/** A request that names only the user, as `getNumJobs.php` and `listOldJobs.php` take. */
export const UserRequest = Schema.Struct({ UserID: UserId })

/** A request that names only the user. */
export interface UserRequest extends Schema.Schema.Type<typeof UserRequest> {}

/** How many of the user's jobs are active; the server limits how many may be. */
export const NumJobsResponse = Schema.Union([
  Schema.Struct({
    OK: Schema.Literal(1),
    APIVersion: Schema.optionalKey(Schema.Finite),
    numJobs: Schema.Int
  }),
  Refusal
]).annotate({ expected: "a UKSSDC job count: OK 1 with numJobs, or OK 0 with an ERROR" })

/** What `getNumJobs.php` answers. */
export type NumJobsResponse = typeof NumJobsResponse.Type

/** A product flag in an old job's listing: whether it was asked for (1) or not (0). */
const Flag = Schema.Union([Schema.Int, Schema.Boolean, Schema.String])

/** One of the user's earlier jobs. */
export const OldJob = Schema.Struct({
  JobID: JobId,
  Name: Schema.String,
  DateSubmitted: UtcDateTime,
  LightCurve: Flag,
  Spectrum: Flag,
  StandardPos: Flag,
  EnhancedPos: Flag,
  AstromPos: Flag,
  Image: Flag,
  hasProd: Flag
})

/** One of the user's earlier jobs. */
export interface OldJob extends Schema.Schema.Type<typeof OldJob> {}

/** What `listOldJobs.php` answers. */
export const ListOldJobsResponse = Schema.Union([
  Schema.Struct({
    OK: Schema.Literal(1),
    APIVersion: Schema.optionalKey(Schema.Finite),
    jobs: Schema.Array(OldJob)
  }),
  Refusal
]).annotate({ expected: "a UKSSDC list of old jobs: OK 1 with jobs, or OK 0 with an ERROR" })

/** What `listOldJobs.php` answers. */
export type ListOldJobsResponse = typeof ListOldJobsResponse.Type

/** A request to copy an old job's parameters into a new one. */
export const OldProductRequest = Schema.Struct({ UserID: UserId, oldJob: JobId })

/** A request to copy an old job's parameters. */
export interface OldProductRequest extends Schema.Schema.Type<typeof OldProductRequest> {}

/** What `getOldProduct.php` answers: the old job's parameters, ready to submit again. */
export const OldProductResponse = Schema.Union([
  Schema.Struct({
    OK: Schema.Literal(1),
    oldJob: JobId,
    jobPars: JobParameters,
    URL: Schema.String,
    APIVersion: Schema.optionalKey(Schema.Finite)
  }),
  Refusal
]).annotate({ expected: "a UKSSDC old job: OK 1 with its jobPars, or OK 0 with an ERROR" })

/** What `getOldProduct.php` answers. */
export type OldProductResponse = typeof OldProductResponse.Type

/** A position a finished job found (`tprods/getPSFPos.php` and its kin), or why it found none. */
export const PositionResponse = Schema.Union([
  Schema.Struct({
    GotPos: Schema.Literal(1),
    RA: Schema.Finite,
    Dec: Schema.Finite,
    /** The 90% confidence radius, in arcseconds. */
    Err90: Schema.Finite,
    FromSXPS: Schema.optionalKey(Schema.Union([Schema.Int, Schema.Boolean])),
    WhichSXPS: Schema.optionalKey(Schema.NullOr(Schema.String))
  }),
  Schema.Struct({ GotPos: Schema.Literal(0), Reason: Schema.optionalKey(Schema.String) })
]).annotate({ expected: "a UKSSDC position: GotPos 1 with RA, Dec and Err90, or GotPos 0" })

/** A position a finished job found, or why it found none. */
export type PositionResponse = typeof PositionResponse.Type
