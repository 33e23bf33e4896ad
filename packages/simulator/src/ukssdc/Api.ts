/**
 * The simulated UKSSDC product builder as one API: its routes, and the
 * controls tests use to script and inspect jobs.
 */
import type { Ukssdc } from "@jobscope/core"
import type * as Route from "../Route.js"
import * as Archives from "./Archives.js"
import * as Cancel from "./Cancel.js"
import { codeAt, type Job, outcome, productOf, stop } from "./Job.js"
import * as JobPage from "./JobPage.js"
import { type Options, resolve } from "./Options.js"
import * as Positions from "./Positions.js"
import * as ProductData from "./ProductData.js"
import * as SourceDet from "./SourceDet.js"
import * as State from "./State.js"
import * as Status from "./Status.js"
import * as Submit from "./Submit.js"
import * as UserJobs from "./UserJobs.js"

/** One product of a simulated job, as its plan and the requests so far decide. */
export interface ProductView {
  readonly product: Ukssdc.ProductKind
  /** When it entered the queue (status 2). */
  readonly queuedAt: Date
  /** When it left the queue: status 3, or for `xastrom` status 5 while it waits for the PSF position. */
  readonly startedAt: Date
  /** When it began its own steps (status 3), from which `TimeRunning` counts; `startedAt` but for `xastrom`. */
  readonly runningAt: Date
  /** When it ends (or ended): complete, failed or cancelled, as things stand now. */
  readonly endsAt: Date
  /** How it ends, as things stand now: 4 complete, -3 failed, -4 cancelled. */
  readonly outcome: 4 | -3 | -4
  /** Its status code at the simulated time now. */
  readonly code: Ukssdc.StatusCodeValue
}

/** A simulated job: who submitted what, and when each product ends. */
export interface JobView {
  readonly jobId: number
  /** The user ID (e-mail) that submitted it. */
  readonly user: string
  /** The job's page, as the submit reply gave it. */
  readonly url: string
  /** The job's full parameters, as the submit reply gave them. */
  readonly parameters: Ukssdc.JobParameters
  readonly submittedAt: Date
  readonly products: ReadonlyArray<ProductView>
  /** When its last product ends, as things stand now: the first moment a poll can see the job finished. */
  readonly endsAt: Date
}

/** The simulated UKSSDC API: its routes, and controls for tests. */
export interface Api extends Route.Api {
  /** Submits a job, as a `run_userobject.php` body would (an object, not text). */
  readonly submit: (request: unknown) => Ukssdc.SubmitResponse
  /** A job by its ID, or `undefined`. */
  readonly job: (jobId: number) => JobView | undefined
  /** Every job, in the order they were submitted. */
  readonly jobs: () => ReadonlyArray<JobView>
  /**
   * Makes a product fail (-3) from now on; `false` when the job has no such
   * product or it has already ended.
   */
  readonly fail: (jobId: number, product: Ukssdc.ProductKind) => boolean
}

const view = (job: Job, now: number): JobView => {
  const products = job.plan.products.map((product): ProductView => {
    const end = outcome(job, product)
    return {
      product: product.product,
      queuedAt: new Date(product.queuedAt),
      startedAt: new Date(product.startsAt),
      runningAt: new Date(product.runsAt),
      endsAt: new Date(end.at),
      outcome: end.code,
      code: codeAt(job, product, now)
    }
  })
  return {
    jobId: job.id,
    user: job.user,
    url: job.url,
    parameters: job.parameters,
    submittedAt: new Date(job.plan.submittedAt),
    products,
    endsAt: new Date(Math.max(...products.map((product) => product.endsAt.getTime())))
  }
}

/**
 * Makes the simulated UKSSDC API on a simulator's clock and random stream.
 * Throws a `RangeError` naming an option that is out of range.
 */
export const make = (context: Route.Context, options?: Options): Api => {
  const state = State.make(context, resolve(options))
  return {
    routes: [
      Submit.route(state),
      Status.route(state),
      Cancel.route(state),
      ...UserJobs.routes(state),
      // Before the position route, whose pattern takes any endpoint under tprods/.
      ...ProductData.routes(state),
      SourceDet.route(state),
      Positions.route(state),
      JobPage.route(state),
      Archives.route(state)
    ],
    submit: (request) => Submit.submit(state, request),
    job: (jobId) => {
      const job = state.get(jobId)
      return job === undefined ? undefined : view(job, state.now())
    },
    jobs: () => {
      const now = state.now()
      return state.all().map((job) => view(job, now))
    },
    fail: (jobId, product) => {
      const job = state.get(jobId)
      const plan = job === undefined ? undefined : productOf(job, product)
      return job !== undefined && plan !== undefined && stop(job, plan, -3, state.now())
    }
  }
}
