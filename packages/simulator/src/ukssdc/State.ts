/**
 * The state of the simulated UKSSDC server: its clock and random stream, its
 * settings, and the jobs submitted so far, by ID and by user.
 */
import { DecodeError, type Ukssdc } from "@jobscope/core"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import type * as Route from "../Route.js"
import type { Job } from "./Job.js"
import type { Settings } from "./Options.js"

/** The server's state, shared by its endpoints. */
export interface State {
  readonly context: Route.Context
  readonly settings: Settings
  /** The simulated time now, in epoch milliseconds. */
  readonly now: () => number
  /** The ID the next job gets. */
  readonly nextId: () => number
  /** Records a new job; its ID must be `nextId()`. */
  readonly add: (job: Job) => void
  readonly get: (jobId: number) => Job | undefined
  /** A user's jobs, oldest first. */
  readonly ofUser: (user: string) => ReadonlyArray<Job>
  /** Every job, oldest first. */
  readonly all: () => ReadonlyArray<Job>
}

/** Makes an empty server state. */
export const make = (context: Route.Context, settings: Settings): State => {
  const jobs: Array<Job> = []
  const byUser = new Map<string, Array<Job>>()
  return {
    context,
    settings,
    now: () => context.clock.now().getTime(),
    nextId: () => settings.firstJobId + jobs.length,
    add: (job) => {
      if (job.id !== settings.firstJobId + jobs.length) throw new RangeError(`job ${job.id} is out of turn`)
      jobs.push(job)
      const own = byUser.get(job.user)
      if (own === undefined) byUser.set(job.user, [job])
      else own.push(job)
    },
    get: (jobId) => (Number.isSafeInteger(jobId) ? jobs[jobId - settings.firstJobId] : undefined),
    ofUser: (user) => byUser.get(user) ?? [],
    all: () => jobs
  }
}

/** A refusal (`OK` 0) carrying the server's API version. */
export const refusal = (state: State, error: string, jobId?: number): Ukssdc.Refusal => ({
  OK: 0,
  ERROR: error,
  ...(jobId === undefined ? {} : { JobID: jobId }),
  APIVersion: state.settings.apiVersion
})

/**
 * Why a user ID is refused, or `undefined` when it may be served: blank, or
 * not among the registered users (when the simulator has a list). The real
 * server's words: "The user `NO-ONE` is not recognised / validated".
 */
export const unrecognisedUser = (state: State, user: unknown): string | undefined => {
  const text = typeof user === "string" ? user : ""
  return text.trim() === "" || (state.settings.users !== undefined && !state.settings.users.has(text))
    ? `The user \`${DecodeError.excerpt(text)}\` is not recognised / validated`
    : undefined
}

/** A job ID as requests send it: a number, or a string of digits (as the submit reply gives it). */
export const jobNumber = (jobId: Ukssdc.JobId): number | undefined => {
  if (typeof jobId === "number") return jobId
  return /^\s*\d{1,15}\s*$/.test(jobId) ? Number(jobId) : undefined
}

/**
 * The job a request names, if it exists and belongs to the user asking;
 * otherwise the reason, worded as the real server words it.
 */
export const owned = (
  state: State,
  jobId: Ukssdc.JobId,
  user: Redacted.Redacted<string>
): Result.Result<Job, string> => {
  const id = jobNumber(jobId)
  const job = id === undefined ? undefined : state.get(id)
  if (job === undefined) return Result.fail(`Job ${DecodeError.excerpt(String(jobId))} does not exist.`)
  const asker = Redacted.value(user)
  if (job.user !== asker)
    return Result.fail(`Job ${job.id} is not owned by user ${DecodeError.excerpt(asker)}`)
  return Result.succeed(job)
}
