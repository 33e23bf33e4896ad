/**
 * How `jobscope` ends, as a process exit code, and how every way a command
 * can fail maps onto one: scripts and CI branch on these.
 */
import type { Job } from "@jobscope/core"
import * as Cause from "effect/Cause"
import { CliError } from "effect/cli"
import * as Schema from "effect/Schema"

/** Everything asked for succeeded. */
export const success = 0
/** Something failed, was rejected or cancelled, or could not be reached or read. */
export const failure = 1
/** The command line was wrong: an unknown command or flag, a missing or bad value. */
export const usage = 2
/** A `--deadline` passed before the jobs were over. */
export const deadline = 3
/** Interrupted (Ctrl-C): polling stopped cleanly. */
export const interrupted = 130
/**
 * What read the output went away (`jobscope … | head -1`): polling stopped,
 * quietly. 141 is 128 + SIGPIPE, what a shell reports for any Unix tool
 * ended by a closed pipe, so `set -o pipefail` scripts see what they expect.
 */
export const brokenPipe = 141

/** One or more jobs ended without succeeding: they failed, were rejected or cancelled. */
export class JobsUnsuccessful extends Schema.TaggedError<JobsUnsuccessful>()("JobsUnsuccessful", {
  /** Each job that did not succeed, for people: "UKSSDC job 42: failed". */
  jobs: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/** The error for jobs whose outcomes are not all success, or none when they are. */
export const unsuccessful = (
  outcomes: ReadonlyArray<{ readonly job: string; readonly outcome: Job.Outcome }>
): JobsUnsuccessful | undefined => {
  const failed = outcomes
    .filter(({ outcome }) => outcome !== "succeeded")
    .map(({ job, outcome }) => `${job}: ${outcome}`)
  return failed.length === 0
    ? undefined
    : new JobsUnsuccessful({ jobs: failed, message: `not every job succeeded (${failed.join("; ")})` })
}

const tagOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
    ? error._tag
    : undefined

/**
 * Watches that ended without their job being seen over, and without an error
 * to say why (a poll that vanished): never a success.
 */
export class WatchUnfinished extends Schema.TaggedError<WatchUnfinished>()("WatchUnfinished", {
  /** Each job whose end was not seen, for people: "UKSSDC job 42". */
  jobs: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/** The error for jobs whose end was never seen, or none when every one was. */
export const unfinished = (jobs: ReadonlyArray<string>): WatchUnfinished | undefined =>
  jobs.length === 0
    ? undefined
    : new WatchUnfinished({
        jobs,
        message: `the watch ended before ${jobs.length === 1 ? "this job was" : "these jobs were"} seen over: ${jobs.join(", ")}`
      })

/** The exit code of one failure of a command. */
export const ofError = (error: unknown): number => {
  if (CliError.isCliError(error)) {
    if (error._tag === "UserError") return failure
    return error._tag === "ShowHelp" && error.errors.length === 0 ? success : usage
  }
  const tag = tagOf(error)
  // Only a --deadline is exit 3: the transport's own time limits (a request's
  // timeout, a call's deadline) mean a server too slow to answer, a failure.
  return tag === "DeadlinePassed" ? deadline : failure
}

/** The exit code of a command that ended with `cause` (interruption wins over failures). */
export const ofCause = (cause: Cause.Cause<unknown>): number => {
  if (Cause.hasInterruptsOnly(cause)) return interrupted
  const failure_ = Cause.findError(cause)
  return failure_._tag === "Success" ? ofError(failure_.success) : failure
}
