/**
 * `run_userobject.php`: checks a job request and, if it is sound, plans the
 * job and answers with its URL, ID and full parameters.
 */
import { DecodeError, Ukssdc } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Route from "../Route.js"
import { isActive } from "./Job.js"
import * as Parameters from "./Parameters.js"
import * as Plan from "./Plan.js"
import { refusal, type State, unrecognisedUser } from "./State.js"
import { writer } from "./Wire.js"

const reply = writer(Ukssdc.SubmitResponse)

const decodeBody = DecodeError.decodeJson(Schema.Record(Schema.String, Schema.Unknown), "submit request")

const rejected = (
  state: State,
  error: string,
  problems?: ReadonlyArray<Ukssdc.ProblemList>
): Ukssdc.SubmitRejected => ({
  ...refusal(state, error),
  ...(problems === undefined ? {} : { listErr: problems })
})

/** Why a request names no usable user, or `undefined` when it does. */
const userProblem = (state: State, user: unknown): string | undefined => {
  const unrecognised = unrecognisedUser(state, user)
  if (unrecognised !== undefined) return unrecognised
  const limit = state.settings.maxActiveJobs
  // Counting walks the user's jobs: only pay for it when there is a limit.
  if (limit === Number.POSITIVE_INFINITY) return undefined
  const active = state.ofUser(user as string).filter((job) => isActive(job, state.now())).length
  return active >= limit
    ? `You already have ${active} jobs in the queue; please wait for some to finish before submitting more.`
    : undefined
}

/** RA and Dec as the server echoes them: text with four decimals. */
const positionText = (parameters: Readonly<Record<string, unknown>>): Record<string, string> => {
  const text: Record<string, string> = {}
  for (const key of ["RA", "Dec"])
    if (typeof parameters[key] === "number") text[key] = (parameters[key] as number).toFixed(4)
  return text
}

/** Submits a job from a request body already parsed from JSON. */
export const submit = (state: State, request: unknown): Ukssdc.SubmitResponse => {
  if (typeof request !== "object" || request === null || Array.isArray(request))
    return rejected(state, "The request must be a JSON object of the job's parameters.")
  const body = request as Readonly<Record<string, unknown>>
  if (body.api_name !== undefined && body.api_name !== "xrt_prods")
    return rejected(state, `api_name is ${Parameters.quote(body.api_name)}, but this is the xrt_prods API.`)
  const problem = userProblem(state, body.UserID)
  if (problem !== undefined) return rejected(state, problem)
  const user = body.UserID as string
  const checked = Parameters.check(body, state.context.random)
  if (Result.isFailure(checked)) return rejected(state, checked.failure.error, checked.failure.problems)
  const { products, parameters, targets } = checked.success
  const jobId = state.nextId()
  const outdir = `USERPROD_${jobId}`
  const url = `${state.context.baseUrl()}/user_objects/tprods/${outdir}`
  const failing = new Set(
    state.settings.failures
      .filter((failure) => failure.jobId === undefined || failure.jobId === jobId)
      .map((failure) => failure.product)
  )
  const plan = Plan.draw(state.context.random.fork(`job/${jobId}`), {
    submittedAt: state.now(),
    products,
    targets,
    duration: state.settings.jobDuration,
    failureProbability: state.settings.failureProbability,
    failing
  })
  // Frozen: the submit reply, the job and getOldProduct all hand out this one object. As the real
  // server's (swifttools ReturnData.md), it echoes the request's envelope and UserID, and the position
  // as text: "RA": "335.6985".
  const jobPars = Object.freeze({
    api_name: "xrt_prods",
    ...(body.api_version === undefined ? {} : { api_version: String(body.api_version) }),
    UserID: user,
    ...parameters,
    ...positionText(parameters),
    outdir
  })
  state.add({ id: jobId, user, url, parameters: jobPars, plan, stopped: new Map() })
  return { OK: 1, URL: url, JobID: String(jobId), APIVersion: state.settings.apiVersion, jobPars }
}

/** The `ukssdc.submit` route. */
export const route = (state: State): Route.Route => ({
  name: "ukssdc.submit",
  methods: ["POST"],
  pattern: "/user_objects/run_userobject.php",
  handle: (request) => {
    const body = decodeBody(request.body)
    if (Result.isFailure(body)) return reply(rejected(state, body.failure.message))
    const answer = submit(state, body.success)
    return reply(answer, answer.OK === 1 ? Number(answer.JobID) : undefined)
  }
})
