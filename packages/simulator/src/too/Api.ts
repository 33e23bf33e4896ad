/**
 * The simulated Swift TOO API (JWT era, API 1.2) at `/toop/submit_json.php`:
 * a signed envelope comes in as the form field or query parameter `jwt`; each
 * distinct valid token becomes a job that goes Queued → Processing → Accepted
 * (or Rejected), and re-sending the token reports on it. While a job runs, or
 * when it is rejected, the reply is a bare `Swift_TOO_Status`; once accepted,
 * the request echoed with its results and the status nested in it — except a
 * `Swift_TOO_Request`, which is answered with a bare status carrying the new
 * `too_id` (swift_too reads `too.status.too_id` from it, and ignores a `status`
 * nested in an echoed request). A
 * `Swift_TOO_Status` with a `jobnumber` reports on a job at once, with its
 * result when `fetchresult` is set. Every reply is encoded with the core's schemas.
 */
import { DecodeError, Too } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Route from "../Route.js"
import * as Answers from "./Answers.js"
import * as Jobs from "./Jobs.js"
import * as Token from "./Token.js"

/** How the simulated TOO API is set up. */
export interface Options {
  /** Shared secrets by username (default: none; `anonymous`/`anonymous` always works). */
  readonly users?: Readonly<Record<string, string>>
  /** The number of the first job (default: 1001). */
  readonly firstJobNumber?: number
  /** The too_id of the first TOO created (default: 15001). */
  readonly firstTooId?: number
  /** The target ID of the first new target a TOO names (default: 40001; catalogue sources keep theirs). */
  readonly firstTargetId?: number
  /** How long a job waits in the queue, whole seconds drawn per job (default: 1 to 8). */
  readonly queued?: Jobs.Range
  /** How long a job is processed, whole seconds drawn per job (default: 2 to 15). */
  readonly processing?: Jobs.Range
}

/** A job as a test sees it. */
export interface JobView {
  readonly jobnumber: number
  readonly username: string
  readonly apiName: string
  /** Where it stands now. */
  readonly status: Too.StatusValue
  readonly submittedAt: Date
  readonly began: Date
  readonly completed: Date
  /** The TOO a `Swift_TOO_Request` created (`null` for other requests, validate_only and refused requests). */
  readonly tooId: number | null
}

/** The simulated TOO API: its route, and controls for tests. */
export interface Api extends Route.Api {
  /** Adds a user, or changes a user's shared secret (`anonymous` cannot be changed). */
  readonly setUser: (username: string, secret: string) => void
  /** Removes a user: their tokens are refused from now on (jobs already started keep answering). */
  readonly removeUser: (username: string) => void
  /** Every job, oldest first. */
  readonly jobs: () => ReadonlyArray<JobView>
  readonly job: (jobnumber: number) => JobView | undefined
  /** Makes a job that has not finished yet end Rejected with these errors (throws if it has finished). */
  readonly reject: (jobnumber: number, errors: ReadonlyArray<string>) => void
  /** Makes the next job submitted end Rejected with these errors. */
  readonly rejectNext: (errors: ReadonlyArray<string>) => void
}

const anonymous = "anonymous"
const second = 1000
const toSecond = (date: Date): Date => new Date(Math.floor(date.getTime() / second) * second)

const encodeStatus = Schema.encodeSync(Too.Status)
const encodeEnvelope = Schema.encodeSync(Too.Envelope)
const decodeStatusRequest = DecodeError.decodeUnknown(Too.Status, "Swift_TOO_Status")

const json = (body: unknown, job?: number): Route.Reply => ({
  status: 200,
  body: JSON.stringify(body),
  ...(job === undefined ? {} : { job: `too/${job}` })
})

const checkRange = (name: string, range: Jobs.Range): Jobs.Range => {
  if (
    !(Number.isInteger(range.min) && Number.isInteger(range.max) && range.min >= 0 && range.max >= range.min)
  )
    throw new RangeError(`${name} must be whole seconds with 0 ≤ min ≤ max, not ${JSON.stringify(range)}`)
  return range
}

const checkFirst = (name: string, first: number): number => {
  if (!(Number.isSafeInteger(first) && first >= 1))
    throw new RangeError(`${name} must be a whole number ≥ 1, not ${first}`)
  return first
}

const checkSecret = (username: string, secret: string): void => {
  if (username.trim() === "") throw new RangeError("a username must not be empty")
  if (username === anonymous) throw new RangeError("the anonymous user's secret is always anonymous")
  if (secret === "") throw new RangeError(`the shared secret of ${username} must not be empty`)
}

/** The token of a request: the form field `jwt` of a POST body, else the query parameter `jwt`. */
const tokenOf = (request: Route.Request): string | undefined => {
  const fromBody = request.method === "POST" ? new URLSearchParams(request.body).get("jwt") : null
  const token = fromBody ?? request.query.get("jwt")
  return token === null || token.trim() === "" ? undefined : token
}

/** Makes the simulated TOO API. */
export const make = (context: Route.Context, options: Options = {}): Api => {
  const users = new Map<string, string>([[anonymous, anonymous]])
  for (const [username, secret] of Object.entries(options.users ?? {})) {
    checkSecret(username, secret)
    users.set(username, secret)
  }
  const store = Jobs.make({
    random: context.random,
    firstJobNumber: checkFirst("firstJobNumber", options.firstJobNumber ?? 1001),
    firstTooId: checkFirst("firstTooId", options.firstTooId ?? 15001),
    firstTargetId: checkFirst("firstTargetId", options.firstTargetId ?? 40001),
    queued: checkRange("queued", options.queued ?? { min: 1, max: 8 }),
    processing: checkRange("processing", options.processing ?? { min: 2, max: 15 })
  })

  /** Where a job stands now. */
  const standing = (job: Jobs.Job) => {
    const stage = Jobs.stageAt(job, context.clock.now())
    const errors = stage === "Done" ? store.rejection(job) : undefined
    const status: Too.StatusValue =
      stage === "Done" ? (errors === undefined ? "Accepted" : "Rejected") : stage
    return { stage, errors, status }
  }

  /** Where a job stands now as status data, and its answer once accepted. */
  const stateOf = (job: Jobs.Job) => {
    const { stage, errors, status } = standing(job)
    const answer = status === "Accepted" ? Jobs.answer(job) : undefined
    const data: Too.StatusData = {
      status,
      too_id: status === "Accepted" ? job.tooId : null,
      jobnumber: job.jobnumber,
      errors: errors ?? [],
      warnings: answer?.warnings ?? [],
      timestamp: job.submittedAt,
      began: stage === "Queued" ? null : job.began,
      completed: stage === "Done" ? job.completed : null
    }
    return { data, answer }
  }

  const statusEnvelope = (data: Too.StatusData): Too.Status => ({
    api_name: "Swift_TOO_Status",
    api_version: Too.apiVersion,
    api_data: data
  })

  /** A refusal that started no job. */
  const rejected = (errors: ReadonlyArray<string>, username?: string): Route.Reply =>
    json(
      encodeStatus(
        statusEnvelope({
          ...(username === undefined ? {} : { username }),
          status: "Rejected",
          too_id: null,
          jobnumber: null,
          errors,
          warnings: [],
          timestamp: toSecond(context.clock.now()),
          began: null,
          completed: null
        })
      )
    )

  /**
   * The reply to a job's own token: the bare status, or once accepted the
   * answer with the status nested. A TOO request always gets the bare status.
   */
  const jobReply = (job: Jobs.Job): Route.Reply => {
    const { data, answer } = stateOf(job)
    if (answer === undefined || job.apiName === "Swift_TOO_Request")
      return json(encodeStatus(statusEnvelope({ username: job.username, ...data })), job.jobnumber)
    const result = answer.result
    // Every answerable envelope has an optional `status`; TypeScript cannot see that through the spread of a union.
    const nested = {
      ...result,
      api_data: { ...result.api_data, status: statusEnvelope(data) }
    } as Answers.Answerable
    return json(encodeEnvelope(nested), job.jobnumber)
  }

  /** The reply to a `Swift_TOO_Status`: the job's status, with its result when asked for and ready. */
  const statusReply = (username: string, payload: unknown): Route.Reply => {
    const decoded = decodeStatusRequest(payload)
    if (Result.isFailure(decoded)) return rejected([decoded.failure.message], username)
    const { jobnumber, too_id: tooId, fetchresult } = decoded.success.api_data
    const [job, missing] =
      typeof jobnumber === "number"
        ? [store.byNumber(jobnumber), `There is no job ${jobnumber}.`]
        : typeof tooId === "number"
          ? [store.byTooId(tooId), `There is no TOO with too_id ${tooId}.`]
          : [undefined, "A Swift_TOO_Status needs the jobnumber of the job to report on (or its too_id)."]
    if (job === undefined) return rejected([missing], username)
    if (job.username !== username)
      return rejected([`Job ${job.jobnumber} belongs to another user.`], username)
    const { data, answer } = stateOf(job)
    return json(
      encodeStatus(
        statusEnvelope({
          username,
          ...data,
          ...(fetchresult === undefined ? {} : { fetchresult }),
          ...(fetchresult === true && answer !== undefined ? { result: answer.result } : {})
        })
      ),
      job.jobnumber
    )
  }

  const handle = async (request: Route.Request): Promise<Route.Reply> => {
    const token = tokenOf(request)
    if (token === undefined)
      return rejected([
        "No jwt: send the signed envelope as the form field jwt= (POST) or the query parameter ?jwt= (GET)."
      ])
    const known = store.byToken(token)
    if (known !== undefined) return jobReply(known)
    const verified = await Token.verify(token, (username) => users.get(username))
    if (Result.isFailure(verified)) return rejected(verified.failure)
    const { username, apiName, payload } = verified.success
    if (apiName === "Swift_TOO_Status") return statusReply(username, payload)
    if (!Answers.isAnswerable(apiName))
      return rejected(
        [
          `Unknown api_name ${JSON.stringify(DecodeError.excerpt(apiName))}: the simulator answers Swift_TOO_Status, ${Answers.answerableNames.join(", ")}.`
        ],
        username
      )
    return jobReply(store.submit(token, { username, apiName, payload }, context.clock.now()))
  }

  const view = (job: Jobs.Job): JobView => ({
    jobnumber: job.jobnumber,
    username: job.username,
    apiName: job.apiName,
    status: standing(job).status,
    submittedAt: job.submittedAt,
    began: job.began,
    completed: job.completed,
    tooId: job.tooId
  })

  return {
    routes: [{ name: "too.submit", methods: ["GET", "POST"], pattern: "/toop/submit_json.php", handle }],
    setUser: (username, secret) => {
      checkSecret(username, secret)
      users.set(username, secret)
    },
    removeUser: (username) => {
      if (username === anonymous) throw new RangeError("the anonymous user cannot be removed")
      users.delete(username)
    },
    jobs: () => store.all().map(view),
    job: (jobnumber) => {
      const job = store.byNumber(jobnumber)
      return job === undefined ? undefined : view(job)
    },
    reject: (jobnumber, errors) => store.reject(jobnumber, errors, context.clock.now()),
    rejectNext: (errors) => store.rejectNext(errors)
  }
}
