/**
 * A user's jobs: how many are active (`getNumJobs.php`), the list of all of
 * them (`listOldJobs.php`), and an old job's parameters, to submit it again
 * (`getOldProduct.php`).
 */
import { DecodeError, Ukssdc } from "@jobscope/core"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import type * as Route from "../Route.js"
import { isActive, type Job, outcome } from "./Job.js"
import { owned, refusal, type State, unrecognisedUser } from "./State.js"
import { writer } from "./Wire.js"

const decodeUser = DecodeError.decodeJson(Ukssdc.UserRequest, "user request")

/** The UserID text a JSON body carries, if any. */
const namedUser = (body: string): string | undefined => {
  try {
    const json: unknown = JSON.parse(body)
    const user = typeof json === "object" && json !== null ? (json as { UserID?: unknown }).UserID : undefined
    return typeof user === "string" ? user : undefined
  } catch {
    return undefined
  }
}

/** The user a request names, or why it cannot be served. */
const userOf = (state: State, body: string): Result.Result<string, string> => {
  const request = decodeUser(body)
  if (Result.isFailure(request)) {
    // A request that names no user is answered as the real server answers an unknown one.
    const named = namedUser(body)
    return Result.fail(named === undefined ? (unrecognisedUser(state, "") ?? "") : request.failure.message)
  }
  const user = Redacted.value(request.success.UserID)
  const problem = unrecognisedUser(state, user)
  return problem === undefined ? Result.succeed(user) : Result.fail(problem)
}

/** How many of the user's jobs are unfinished now. */
export const numJobs = (state: State, body: string): Ukssdc.NumJobsResponse => {
  const user = userOf(state, body)
  if (Result.isFailure(user)) return refusal(state, user.failure)
  const now = state.now()
  const numJobs = state.ofUser(user.success).filter((job) => isActive(job, now)).length
  return { OK: 1, APIVersion: state.settings.apiVersion, numJobs }
}

// true/false, as the documents show them (swifttools APIDocs/ukssdc/xrt_prods/advanced.md).
const flag = (job: Job, product: Ukssdc.ProductKind): boolean =>
  job.parameters[Ukssdc.productFlag[product]] === 1

/** A job as the list of old jobs shows it; `hasProd` once any of its products is complete. */
const oldJob = (job: Job, now: number): Ukssdc.OldJob => ({
  JobID: job.id,
  Name: String(job.parameters.name ?? ""),
  DateSubmitted: new Date(Math.floor(job.plan.submittedAt / 1000) * 1000),
  LightCurve: flag(job, "lc"),
  Spectrum: flag(job, "spec"),
  StandardPos: flag(job, "psf"),
  EnhancedPos: flag(job, "enh"),
  AstromPos: flag(job, "xastrom"),
  Image: flag(job, "image"),
  hasProd: job.plan.products.some((product) => {
    const end = outcome(job, product)
    return end.code === 4 && end.at <= now
  })
})

/** Every job the user has submitted, most recent first. */
export const listOldJobs = (state: State, body: string): Ukssdc.ListOldJobsResponse => {
  const user = userOf(state, body)
  if (Result.isFailure(user)) return refusal(state, user.failure)
  const now = state.now()
  const jobs = state.ofUser(user.success).map((job) => oldJob(job, now))
  return { OK: 1, APIVersion: state.settings.apiVersion, jobs: jobs.reverse() }
}

const decodeOldProduct = DecodeError.decodeJson(Ukssdc.OldProductRequest, "old product request")

/**
 * An old job's parameters and page. Copying it is the client's part: it
 * submits these parameters, without the look-up options, as a new job.
 */
export const oldProduct = (state: State, body: string): Ukssdc.OldProductResponse => {
  const request = decodeOldProduct(body)
  if (Result.isFailure(request)) return refusal(state, request.failure.message)
  const found = owned(state, request.success.oldJob, request.success.UserID)
  if (Result.isFailure(found)) return refusal(state, found.failure)
  const job = found.success
  return {
    OK: 1,
    oldJob: job.id,
    jobPars: job.parameters,
    URL: job.url,
    APIVersion: state.settings.apiVersion
  }
}

const numJobsReply = writer(Ukssdc.NumJobsResponse)
const listReply = writer(Ukssdc.ListOldJobsResponse)
const oldProductReply = writer(Ukssdc.OldProductResponse)

/** The `ukssdc.numJobs`, `ukssdc.listOldJobs` and `ukssdc.oldProduct` routes. */
export const routes = (state: State): ReadonlyArray<Route.Route> => [
  {
    name: "ukssdc.numJobs",
    methods: ["POST"],
    pattern: "/user_objects/getNumJobs.php",
    handle: (request) => numJobsReply(numJobs(state, request.body))
  },
  {
    name: "ukssdc.listOldJobs",
    methods: ["POST"],
    pattern: "/user_objects/listOldJobs.php",
    handle: (request) => listReply(listOldJobs(state, request.body))
  },
  {
    name: "ukssdc.oldProduct",
    methods: ["POST"],
    pattern: "/user_objects/getOldProduct.php",
    handle: (request) => {
      const answer = oldProduct(state, request.body)
      return oldProductReply(answer, answer.OK === 1 ? Number(answer.oldJob) : undefined)
    }
  }
]
