/**
 * The TOO API's job queue. A job is a plan fixed when its token first
 * arrives: its number, when it leaves the queue and when processing ends
 * (seeded durations, drawn from the job's own random stream), and its fate
 * (the request admitted, or the errors it will be rejected with). Its status
 * at any instant is a pure function of that plan and the clock, so nothing
 * runs in the background and ten thousand jobs cost ten thousand small records.
 */
import type { Random } from "../internal/random.js"
import * as Answers from "./Answers.js"
import * as Catalogue from "./Catalogue.js"

/** Bounds of a duration drawn per job, in whole seconds. */
export interface Range {
  /** The shortest, seconds. */
  readonly min: number
  /** The longest, seconds. */
  readonly max: number
}

/** A job's plan. */
export interface Job {
  readonly jobnumber: number
  readonly username: string
  readonly apiName: Answers.AnswerableName
  /** When the token first arrived, to the second. */
  readonly submittedAt: Date
  /** When the job leaves the queue. */
  readonly began: Date
  /** When processing ends. */
  readonly completed: Date
  readonly admission: Answers.Admission
  /** The TOO a `Swift_TOO_Request` created, else `null`. */
  readonly tooId: number | null
  /** The target of that TOO, else `null`. */
  readonly targetId: number | null
}

/** Where a job stands at an instant. */
export type Stage = "Queued" | "Processing" | "Done"

/** Where a job stands at `now`. */
export const stageAt = (job: Job, now: Date): Stage =>
  now < job.began ? "Queued" : now < job.completed ? "Processing" : "Done"

/** The answer of a job whose request was admitted, computed afresh (it is a pure function of the plan). */
export const answer = (job: Job): Answers.Answer | undefined =>
  job.admission._tag === "Admitted"
    ? job.admission.answer({ submittedAt: job.submittedAt, tooId: job.tooId, targetId: job.targetId })
    : undefined

/** How the store is set up. */
export interface Options {
  readonly random: Random
  readonly firstJobNumber: number
  readonly firstTooId: number
  readonly firstTargetId: number
  readonly queued: Range
  readonly processing: Range
}

/** All jobs, by token, by number and by TOO. */
export interface Store {
  /** The job a token started, if it was seen before. */
  readonly byToken: (token: string) => Job | undefined
  readonly byNumber: (jobnumber: number) => Job | undefined
  readonly byTooId: (tooId: number) => Job | undefined
  /** Every job, oldest first. */
  readonly all: () => ReadonlyArray<Job>
  /** Starts a job for a verified token at `now`. */
  readonly submit: (
    token: string,
    request: {
      readonly username: string
      readonly apiName: Answers.AnswerableName
      readonly payload: unknown
    },
    now: Date
  ) => Job
  /** The errors a job ends Rejected with (scripted ones first), or `undefined` if it ends Accepted. */
  readonly rejection: (job: Job) => ReadonlyArray<string> | undefined
  /** Makes a job that has not finished at `now` end Rejected with `errors`. */
  readonly reject: (jobnumber: number, errors: ReadonlyArray<string>, now: Date) => void
  /** Makes the next job submitted end Rejected with `errors`. */
  readonly rejectNext: (errors: ReadonlyArray<string>) => void
}

const second = 1000

/** Makes an empty store. */
export const make = (options: Options): Store => {
  const byToken = new Map<string, Job>()
  const byNumber = new Map<number, Job>()
  const byTooId = new Map<number, Job>()
  const scripted = new Map<number, ReadonlyArray<string>>()
  const nextRejections: Array<ReadonlyArray<string>> = []
  let nextJobNumber = options.firstJobNumber
  let nextTooId = options.firstTooId
  let nextTargetId = options.firstTargetId

  const draw = (random: Random, range: Range) => random.int(range.min, range.max) * second

  const submit: Store["submit"] = (token, request, now) => {
    const known = byToken.get(token)
    if (known !== undefined) return known
    const jobnumber = nextJobNumber++
    const random = options.random.fork(`job/${jobnumber}`)
    const submittedAt = new Date(Math.floor(now.getTime() / second) * second)
    const began = new Date(submittedAt.getTime() + draw(random, options.queued))
    const completed = new Date(began.getTime() + draw(random, options.processing))
    const admission = Answers.admit(request.apiName, request.payload, submittedAt)
    const too =
      admission._tag === "Admitted" && Answers.createsToo(admission.request) ? admission.request : undefined
    const tooId = too === undefined ? null : nextTooId++
    const targetId =
      too === undefined ? null : (Catalogue.resolve(too.api_data.source_name)?.targetid ?? nextTargetId++)
    const job: Job = {
      jobnumber,
      username: request.username,
      apiName: request.apiName,
      submittedAt,
      began,
      completed,
      admission,
      tooId,
      targetId
    }
    byToken.set(token, job)
    byNumber.set(jobnumber, job)
    if (tooId !== null) byTooId.set(tooId, job)
    const rejection = nextRejections.shift()
    if (rejection !== undefined) scripted.set(jobnumber, rejection)
    return job
  }

  return {
    byToken: (token) => byToken.get(token),
    byNumber: (jobnumber) => byNumber.get(jobnumber),
    byTooId: (tooId) => byTooId.get(tooId),
    all: () => [...byNumber.values()],
    submit,
    rejection: (job) =>
      scripted.get(job.jobnumber) ?? (job.admission._tag === "Refused" ? job.admission.errors : undefined),
    reject: (jobnumber, errors, now) => {
      const job = byNumber.get(jobnumber)
      if (job === undefined) throw new RangeError(`there is no TOO job ${jobnumber}`)
      if (stageAt(job, now) === "Done")
        throw new RangeError(
          `TOO job ${jobnumber} has already finished; script its rejection before it completes`
        )
      scripted.set(jobnumber, errors)
    },
    rejectNext: (errors) => {
      nextRejections.push(errors)
    }
  }
}
