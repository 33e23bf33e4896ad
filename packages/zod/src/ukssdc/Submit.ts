/**
 * Submitting a UKSSDC job (`run_userobject.php`): the acknowledgement or the
 * list of problems.
 */
import * as z from "zod"
import { JsonObject } from "../internal/json.js"
import { readonlyArray } from "../internal/readonlyArray.js"
import { JobId } from "./Identity.js"

/** The job's parameters after the server's processing, defaults and looked-up values included. */
export const JobParameters = JsonObject

/** The job's parameters after the server's processing. */
export type JobParameters = z.output<typeof JobParameters>

/** An accepted job: where to watch it, its ID, and its full parameters. */
export const SubmitAccepted = z.object({
  OK: z.literal(1),
  /** The page of the job, and the base of its product archives. */
  URL: z.string(),
  JobID: JobId,
  APIVersion: z.number(),
  jobPars: JobParameters
})

/** An accepted job. */
export type SubmitAccepted = z.output<typeof SubmitAccepted>

/** One list of problems with a submission, such as the parameters that were missing. */
export const ProblemList = z.object({ label: z.string(), list: readonlyArray(z.string()) })

/** One list of problems with a submission. */
export type ProblemList = z.output<typeof ProblemList>

/** A refused job: the error, and, for some errors, lists of what to fix. */
export const SubmitRejected = z.object({
  OK: z.literal(0),
  ERROR: z.string(),
  APIVersion: z.exactOptional(z.number()),
  listErr: z.exactOptional(readonlyArray(ProblemList))
})

/** A refused job. */
export type SubmitRejected = z.output<typeof SubmitRejected>

/** What `run_userobject.php` answers. */
export const SubmitResponse = z.discriminatedUnion("OK", [SubmitAccepted, SubmitRejected])

/** What `run_userobject.php` answers. */
export type SubmitResponse = z.output<typeof SubmitResponse>
