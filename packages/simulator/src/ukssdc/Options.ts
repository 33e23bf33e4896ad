/**
 * How the simulated UKSSDC product builder behaves: how long jobs take, how
 * often products fail, who may submit. Every option has a default that makes
 * a plausible server.
 */
import type { Ukssdc } from "@jobscope/core"
import * as Duration from "effect/Duration"

/** A product scripted to fail (-3) halfway through its run. */
export interface ScriptedFailure {
  /** The product that fails. */
  readonly product: Ukssdc.ProductKind
  /** The job it fails in (default: every job). */
  readonly jobId?: number
}

/** How the simulated UKSSDC product builder behaves. */
export interface Options {
  /**
   * How long a job takes from submission until its last product is done,
   * drawn per job between `min` and `max` (default: 10 to 30 minutes).
   */
  readonly jobDuration?: { readonly min: Duration.Input; readonly max: Duration.Input }
  /** The chance that a product fails (-3) partway through its run, drawn per product (default: 0.02). */
  readonly failureProbability?: number
  /** Products that fail (-3) halfway through their run (default: none). */
  readonly failures?: ReadonlyArray<ScriptedFailure>
  /** The ID of the first job submitted; later ones count up from it (default: 1). */
  readonly firstJobId?: number
  /** The only user IDs (registered e-mail addresses) the server accepts (default: any non-empty one). */
  readonly users?: ReadonlyArray<string>
  /** How many unfinished jobs one user may have; a submit beyond that is refused (default: no limit). */
  readonly maxActiveJobs?: number
  /** The `APIVersion` every reply carries (default: 0.1). */
  readonly apiVersion?: number
  /** A notice every status reply carries as `deprecationWarning` (default: none). */
  readonly deprecationWarning?: { readonly type: string; readonly message: string }
}

/** {@link Options} with every default filled in and checked. */
export interface Settings {
  /** The shortest and longest job, in milliseconds. */
  readonly jobDuration: { readonly min: number; readonly max: number }
  readonly failureProbability: number
  readonly failures: ReadonlyArray<ScriptedFailure>
  readonly firstJobId: number
  readonly users: ReadonlySet<string> | undefined
  readonly maxActiveJobs: number
  readonly apiVersion: number
  readonly deprecationWarning: { readonly type: string; readonly message: string } | undefined
}

const millis = (input: Duration.Input, name: string): number => {
  const value = Duration.toMillis(Duration.fromInputUnsafe(input))
  if (!(Number.isFinite(value) && value > 0))
    throw new RangeError(`${name} must be a positive, finite duration`)
  return value
}

/** Fills in the defaults; throws a `RangeError` naming the option that is out of range. */
export const resolve = (options: Options = {}): Settings => {
  const min = millis(options.jobDuration?.min ?? "10 minutes", "jobDuration.min")
  const max = millis(options.jobDuration?.max ?? "30 minutes", "jobDuration.max")
  if (min > max) throw new RangeError("jobDuration.min must not exceed jobDuration.max")
  const failureProbability = options.failureProbability ?? 0.02
  if (!(failureProbability >= 0 && failureProbability <= 1))
    throw new RangeError(`failureProbability must be between 0 and 1, not ${failureProbability}`)
  const firstJobId = options.firstJobId ?? 1
  if (!(Number.isSafeInteger(firstJobId) && firstJobId >= 0))
    throw new RangeError(`firstJobId must be a whole number ≥ 0, not ${firstJobId}`)
  const maxActiveJobs = options.maxActiveJobs ?? Number.POSITIVE_INFINITY
  if (!(maxActiveJobs >= 1)) throw new RangeError(`maxActiveJobs must be at least 1, not ${maxActiveJobs}`)
  const apiVersion = options.apiVersion ?? 0.1
  if (!Number.isFinite(apiVersion))
    throw new RangeError(`apiVersion must be a finite number, not ${apiVersion}`)
  return {
    jobDuration: { min, max },
    failureProbability,
    failures: options.failures ?? [],
    firstJobId,
    users: options.users === undefined ? undefined : new Set(options.users),
    maxActiveJobs,
    apiVersion,
    deprecationWarning: options.deprecationWarning
  }
}
