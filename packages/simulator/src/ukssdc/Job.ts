/**
 * A submitted UKSSDC job: its plan, plus what requests have done to it since
 * (cancellations, scripted failures). A product's status at any instant is a
 * pure function of these and the time asked about.
 */
import type { Ukssdc } from "@jobscope/core"
import type { Plan, ProductPlan } from "./Plan.js"

/** How a product ended, or will end as things stand: complete, failed or cancelled, and when. */
export interface Outcome {
  readonly code: 4 | -3 | -4
  readonly at: number
}

/** A submitted job. */
export interface Job {
  readonly id: number
  /** The user ID (e-mail) that submitted it. */
  readonly user: string
  /** The job's page, as the submit reply gave it. */
  readonly url: string
  /** The job's parameters, as the submit reply gave them. */
  readonly parameters: Ukssdc.JobParameters
  readonly plan: Plan
  /** Products stopped by a request: cancelled (-4) or made to fail (-3), and when. */
  readonly stopped: Map<Ukssdc.ProductKind, Outcome>
}

/** The product of a job, or `undefined` when the job did not ask for it. */
export const productOf = (job: Job, product: string): ProductPlan | undefined =>
  job.plan.products.find((candidate) => candidate.product === product)

const earlier = (a: Outcome, b: Outcome | undefined): Outcome => (b !== undefined && b.at < a.at ? b : a)

/**
 * How a product ends as things stand: the earliest of its planned
 * completion, its drawn failure, a cancellation or scripted failure, and,
 * for `xastrom`, the end of a `psf` that stopped without a position.
 */
export const outcome = (job: Job, product: ProductPlan): Outcome => {
  let result = earlier(
    { code: 4, at: product.finishesAt },
    product.failsAt === undefined ? undefined : { code: -3, at: product.failsAt }
  )
  result = earlier(result, job.stopped.get(product.product))
  if (product.product === "xastrom") {
    const psf = productOf(job, "psf")
    const psfEnd = psf === undefined ? undefined : outcome(job, psf)
    if (psfEnd !== undefined && psfEnd.code !== 4) result = earlier(result, { code: -3, at: psfEnd.at })
  }
  return result
}

/** A product's status code at instant `at` (epoch milliseconds). */
export const codeAt = (job: Job, product: ProductPlan, at: number): Ukssdc.StatusCodeValue => {
  const end = outcome(job, product)
  if (at >= end.at) return end.code
  if (at >= product.runsAt) return 3
  if (at >= product.startsAt) return 5
  if (at >= product.queuedAt) return 2
  return 1
}

/** Whether any product of the job is still unfinished at `at`. */
export const isActive = (job: Job, at: number): boolean =>
  job.plan.products.some((product) => outcome(job, product).at > at)

/**
 * Stops a product at `at` (cancelled, -4, or failed, -3), unless it has
 * already ended; tells whether it did.
 */
export const stop = (job: Job, product: ProductPlan, code: -3 | -4, at: number): boolean => {
  if (outcome(job, product).at <= at) return false
  job.stopped.set(product.product, { code, at })
  return true
}
