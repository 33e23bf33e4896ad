/**
 * The simulated generic UWS service, twice: UWS 1.1 at `/uws/jobs` (route
 * names `uws.*`) and a UWS 1.0 service at `/uws10/jobs` (`uws10.*`: no
 * `version`, no `creationTime`, no result sizes, no filters, no `WAIT`).
 * A job created there is PENDING until `PHASE=RUN`; then it follows a seeded
 * {@link Plan.Plan} (sometimes HELD, sometimes SUSPENDED for a while, now and
 * then an ERROR with a detail document), and, COMPLETED, offers a CSV
 * `result` and a `log`. Tests fix what the next job run does with
 * {@link Api.scriptNext} or `POST /_sim/uws/plans`.
 */
import { DecodeError } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as ErrorReply from "../internal/errorReply.js"
import type * as Route from "../Route.js"
import * as Jobs from "./Jobs.js"
import * as Plan from "./Plan.js"
import * as Service from "./Service.js"
import type * as Timeline from "./Timeline.js"
import * as Wait from "./Wait.js"

/** How a simulated UWS service behaves; every option has a default. */
export interface Options {
  /** The chance that a job is HELD after RUN (default: 0.1). */
  readonly holdProbability?: number
  /** The chance that a job is SUSPENDED for a while during execution (default: 0.1). */
  readonly suspendProbability?: number
  /** The chance that a job ends in ERROR (default: 0.15). */
  readonly failureProbability?: number
  /** Seconds QUEUED, [min, max] (default: [1, 20]). */
  readonly queueSeconds?: readonly [number, number]
  /** Seconds EXECUTING, [min, max] (default: [5, 120]). */
  readonly executionSeconds?: readonly [number, number]
  /** A new job's execution duration, seconds, 0 for no limit (default: 600). */
  readonly executionDuration?: number
  /** Seconds from a job's creation to its destruction (default: 7 days). */
  readonly retention?: number
  /** The longest a blocking `WAIT` holds a request, simulated seconds (default: 60). */
  readonly maxWait?: number
}

/** A job as a test sees it. */
export interface JobView {
  readonly id: string
  /** Which service holds it: `uws` (1.1) or `uws10` (1.0). */
  readonly service: "uws" | "uws10"
  readonly phase: string
  /** Its plan, once it has been run. */
  readonly plan: Plan.Plan | undefined
  /** Its phases and when each begins (planned ones included). */
  readonly transitions: ReadonlyArray<Timeline.Transition>
  readonly destruction: Date
}

/** The simulated UWS services: their routes and controls for tests. */
export interface Api extends Route.Api {
  /** Fixes what the next job to be run (on either service) does; plans queue up in order. */
  readonly scriptNext: (plan: Plan.Plan) => void
  /** A job of either service, or undefined when there is none (or it was destroyed). */
  readonly job: (id: string) => JobView | undefined
  /** Every job of both services, oldest first. */
  readonly jobs: () => ReadonlyArray<JobView>
  /** How many requests a blocking `WAIT` holds now, so a test knows its request arrived before it moves the clock. */
  readonly held: () => number
  /** The earliest simulated instant (epoch ms) at which a held request would be answered, if any is held. */
  readonly nextWake: () => number | undefined
}

const decodePlan = DecodeError.decodeJson(Plan.Plan, "UWS job plan")
const decodeUnknownPlan = DecodeError.decodeUnknown(Plan.Plan, "UWS job plan")

const probability = (name: string, value: number): number => {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be from 0 to 1, not ${value}`)
  return value
}

const range = (name: string, value: readonly [number, number]): readonly [number, number] => {
  const [min, max] = value
  if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && max >= min && max <= Plan.maxSeconds))
    throw new RangeError(
      `${name} must be two whole numbers of seconds [min, max] with 0 ≤ min ≤ max, not [${min}, ${max}]`
    )
  return value
}

const seconds = (name: string, value: number): number => {
  if (!(Number.isInteger(value) && value >= 0))
    throw new RangeError(`${name} must be a whole number of seconds ≥ 0, not ${value}`)
  return value
}

/** The settings every simulated UWS service (this one and TAP's) reads from its options. */
export const settingsOf = (options: Options, defaults: Required<Options>) => ({
  chances: {
    holdProbability: probability("holdProbability", options.holdProbability ?? defaults.holdProbability),
    suspendProbability: probability(
      "suspendProbability",
      options.suspendProbability ?? defaults.suspendProbability
    ),
    failureProbability: probability(
      "failureProbability",
      options.failureProbability ?? defaults.failureProbability
    ),
    queueSeconds: range("queueSeconds", options.queueSeconds ?? defaults.queueSeconds),
    executionSeconds: range("executionSeconds", options.executionSeconds ?? defaults.executionSeconds)
  } satisfies Plan.Chances,
  executionDuration: seconds("executionDuration", options.executionDuration ?? defaults.executionDuration),
  retention: seconds("retention", options.retention ?? defaults.retention),
  maxWait: seconds("maxWait", options.maxWait ?? defaults.maxWait)
})

/** The defaults of the generic service. */
export const defaults: Required<Options> = {
  holdProbability: 0.1,
  suspendProbability: 0.1,
  failureProbability: 0.15,
  queueSeconds: [1, 20],
  executionSeconds: [5, 120],
  executionDuration: 600,
  retention: 7 * 86_400,
  maxWait: 60
}

/** The CSV result of a generic job: a light curve of seeded count rates, the same for the same job. */
const resultCsv = (job: Jobs.Job): string => {
  const random = job.random.fork("result")
  const rows = Array.from({ length: random.int(5, 30) }, (_, index) => {
    const time = (index * 100).toFixed(1)
    const rate = (0.5 + random.next() * 2).toFixed(4)
    const error = (0.02 + random.next() * 0.1).toFixed(4)
    return `${time},${rate},${error}`
  })
  return `time_s,rate_cts_s,rate_error\n${rows.join("\n")}\n`
}

/** Makes the simulated UWS 1.1 and 1.0 services. */
export const make = (context: Route.Context, options: Options = {}): Api => {
  const settings = settingsOf(options, defaults)
  const scripted: Array<Plan.Plan> = []
  const worker: Service.Worker = {
    plan: (job) => scripted.shift() ?? Plan.generate(job.random.fork("plan"), settings.chances),
    results: (job) => [
      { id: "result", mimeType: "text/csv", body: resultCsv(job) },
      {
        id: "log",
        mimeType: "text/plain",
        body: `job ${job.id}: ${job.parameters.length} parameters read\njob ${job.id}: light curve written\n`
      }
    ],
    errorDetail: (job, summary) => {
      const outcome = job.plan?.outcome
      const detail = outcome?.phase === "ERROR" && outcome.detail !== undefined ? outcome.detail : undefined
      return {
        contentType: "text/plain; charset=UTF-8",
        body: `${detail ?? `Job ${job.id} failed (${summary.type}): ${summary.message}`}\n`
      }
    }
  }
  const stores = {
    uws: Jobs.make({
      now: () => context.clock.now().getTime(),
      random: context.random.fork("uws"),
      ...settings
    }),
    uws10: Jobs.make({
      now: () => context.clock.now().getTime(),
      random: context.random.fork("uws10"),
      ...settings
    })
  }
  const holds = Wait.makeHolds()
  const service = (family: "uws" | "uws10", base: string, version: "1.0" | "1.1") =>
    Service.routes({
      holds,
      family,
      base,
      version,
      jobs: stores[family],
      worker,
      context,
      maxWait: settings.maxWait
    })

  const viewOf = (family: "uws" | "uws10", job: Jobs.Job): JobView => ({
    id: job.id,
    service: family,
    phase: stores[family].phase(job),
    plan: job.plan,
    transitions: stores[family].timeline(job).transitions,
    destruction: new Date(job.destruction)
  })

  const scriptNext = (plan: Plan.Plan) => {
    const decoded = decodeUnknownPlan(plan)
    if (Result.isFailure(decoded)) throw decoded.failure
    scripted.push(decoded.success)
  }

  const admin: Route.Route = {
    name: "uws.admin.plans",
    methods: ["POST"],
    pattern: "/_sim/uws/plans",
    handle: (request) => {
      const decoded = decodePlan(request.body)
      if (Result.isFailure(decoded)) return ErrorReply.json(400, decoded.failure.message)
      scripted.push(decoded.success)
      return { status: 201, body: JSON.stringify({ queued: scripted.length }) }
    }
  }

  return {
    routes: [...service("uws", "/uws/jobs", "1.1"), ...service("uws10", "/uws10/jobs", "1.0"), admin],
    scriptNext,
    job: (id) => {
      for (const family of ["uws", "uws10"] as const) {
        const job = stores[family].get(id)
        if (job !== undefined) return viewOf(family, job)
      }
      return undefined
    },
    held: holds.held,
    nextWake: holds.nextWake,
    jobs: () =>
      (["uws", "uws10"] as const).flatMap((family) => stores[family].all().map((job) => viewOf(family, job)))
  }
}

/** What `POST /_sim/uws/plans` answers (201): how many scripted plans wait for a job to run. */
export const Queued = Schema.Struct({ queued: Schema.Int })
