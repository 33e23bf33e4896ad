/**
 * A user's UKSSDC jobs (`getNumJobs.php`, `listOldJobs.php`,
 * `getOldProduct.php`) and the positions a finished job reports.
 */
import * as z from "zod"
import { readonlyArray } from "../internal/readonlyArray.js"
import { UtcDateTime } from "../internal/utcDateTime.js"
import { JobId, UserId } from "./Identity.js"
import { Refusal } from "./Refusal.js"
import { JobParameters } from "./Submit.js"

/** A request that names only the user, as `getNumJobs.php` and `listOldJobs.php` take. */
export const UserRequest = z.object({ UserID: UserId })

/** A request that names only the user. */
export type UserRequest = z.output<typeof UserRequest>

/** How many of the user's jobs are active; the server limits how many may be. */
export const NumJobsResponse = z.discriminatedUnion("OK", [
  z.object({ OK: z.literal(1), APIVersion: z.exactOptional(z.number()), numJobs: z.int() }),
  Refusal
])

/** What `getNumJobs.php` answers. */
export type NumJobsResponse = z.output<typeof NumJobsResponse>

/** A product flag in an old job's listing: whether it was asked for (1) or not (0). */
const Flag = z.union([z.int(), z.boolean(), z.string()])

/** One of the user's earlier jobs. */
export const OldJob = z.object({
  JobID: JobId,
  Name: z.string(),
  /** "YYYY-MM-DD HH:MM:SS", UTC. */
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
export type OldJob = z.output<typeof OldJob>

/** What `listOldJobs.php` answers. */
export const ListOldJobsResponse = z.discriminatedUnion("OK", [
  z.object({ OK: z.literal(1), APIVersion: z.exactOptional(z.number()), jobs: readonlyArray(OldJob) }),
  Refusal
])

/** What `listOldJobs.php` answers. */
export type ListOldJobsResponse = z.output<typeof ListOldJobsResponse>

/** A request to copy an old job's parameters into a new one. */
export const OldProductRequest = z.object({ UserID: UserId, oldJob: JobId })

/** A request to copy an old job's parameters. */
export type OldProductRequest = z.output<typeof OldProductRequest>

/** What `getOldProduct.php` answers: the old job's parameters, ready to submit again. */
export const OldProductResponse = z.discriminatedUnion("OK", [
  z.object({
    OK: z.literal(1),
    oldJob: JobId,
    jobPars: JobParameters,
    URL: z.string(),
    APIVersion: z.exactOptional(z.number())
  }),
  Refusal
])

/** What `getOldProduct.php` answers. */
export type OldProductResponse = z.output<typeof OldProductResponse>

/** A position a finished job found (`tprods/getPSFPos.php` and its kin), or why it found none. */
export const PositionResponse = z.discriminatedUnion("GotPos", [
  z.object({
    GotPos: z.literal(1),
    RA: z.number(),
    Dec: z.number(),
    /** The 90% confidence radius, in arcseconds. */
    Err90: z.number(),
    FromSXPS: z.exactOptional(z.union([z.int(), z.boolean()])),
    WhichSXPS: z.exactOptional(z.string().nullable())
  }),
  z.object({ GotPos: z.literal(0), Reason: z.exactOptional(z.string()) })
])

/** A position a finished job found, or why it found none. */
export type PositionResponse = z.output<typeof PositionResponse>
