/**
 * What the status endpoint says about one product at one instant: its code,
 * its text and, when asked for, its progress report — the recipe's steps,
 * done, active or not reached, with sub-steps cycling once per dataset.
 */
import type { Ukssdc } from "@jobscope/core"
import * as Duration from "effect/Duration"
import { codeAt, type Job, productOf } from "./Job.js"
import { observationName, type Plan, type ProductPlan } from "./Plan.js"
import { type Recipe, recipes, type Step } from "./Recipe.js"

/** The `statusText` the server sends with each code. */
export const statusText: Readonly<Record<Ukssdc.StatusCodeValue, string>> = {
  [-4]: "Cancelled at your request",
  [-3]: "Failed: the product could not be built",
  [-2]: "Failed to add the job to the queue",
  [-1]: "Failed to request the job",
  1: "Requested",
  2: "Queued",
  3: "Running",
  4: "Complete",
  5: "Waiting for the PSF position"
}

const notReported: Ukssdc.Progress = { GotProgress: 0 }

/** A product the job does not have, as the server reports it. */
const unknown: Ukssdc.ProductStatus = {
  statusCode: null,
  statusText: "Unknown status",
  progress: notReported
}

type StepStatus = Ukssdc.Step["StepStatus"]

const stateOf = (elapsed: number, start: number, end: number): StepStatus =>
  elapsed >= end ? 2 : elapsed >= start ? 1 : 0

/** The sub-steps of a repeating step, all in one state. */
const uniform = (labels: ReadonlyArray<string>, status: StepStatus): Array<Ukssdc.Step> =>
  labels.map((label) => ({ StepLabel: label, StepStatus: status }))

/** A repeating step while it is active: which item it is on, and where in that item's sub-steps. */
const activeRepeat = (plan: Plan, step: Step, into: number, duration: number): Ukssdc.Step => {
  const repeat = step.repeat!
  const count = plan.counts[repeat.over]
  const each = duration / count
  const index = Math.min(Math.floor(into / each), count - 1)
  const extra = repeat.extra({ index: index + 1, count, name: observationName(plan, index) })
  const withinItem = into - index * each
  const subSteps = repeat.subSteps
  const sub = each / Math.max(subSteps.length, 1)
  return {
    StepLabel: step.label,
    StepStatus: 1,
    StepExtra: extra,
    ...(subSteps.length === 0
      ? {}
      : {
          SubStep: subSteps.map((label, i) => ({
            StepLabel: label,
            StepStatus: stateOf(withinItem, i * sub, (i + 1) * sub)
          }))
        })
  }
}

/** The progress steps `elapsed` milliseconds into one attempt. */
const stepsAt = (plan: Plan, recipe: Recipe, durations: ReadonlyArray<number>, elapsed: number) => {
  let start = 0
  return recipe.steps.map((step, i): Ukssdc.Step => {
    const duration = durations[i] ?? 0
    const status = stateOf(elapsed, start, start + duration)
    const into = elapsed - start
    start += duration
    if (status === 1 && step.repeat !== undefined) return activeRepeat(plan, step, into, duration)
    const subSteps = step.repeat?.subSteps ?? []
    return {
      StepLabel: step.label,
      StepStatus: status,
      ...(subSteps.length === 0 ? {} : { SubStep: uniform(subSteps, status) })
    }
  })
}

/** The progress report of a running product, `elapsed` milliseconds after it began its steps. */
const running = (plan: Plan, product: ProductPlan, elapsed: number): Ukssdc.Progress => {
  const recipe = recipes[product.product]
  const attemptLength = product.steps.reduce((sum, duration) => sum + duration, 0)
  const attempt = Math.min(Math.floor(elapsed / attemptLength), product.attempts - 1)
  const preProgress = recipe.attempts?.[attempt]
  return {
    GotProgress: 1,
    ...(preProgress === undefined ? {} : { PreProgress: preProgress }),
    ProgressSteps: stepsAt(plan, recipe, product.steps, elapsed - attempt * attemptLength),
    TimeRunning: Duration.seconds(Math.floor(elapsed / 1000))
  }
}

/**
 * The status of product `key` of `job` at instant `at` (epoch milliseconds),
 * with its progress report when `withProgress`. Progress exists only while a
 * product runs; before that it is unavailable (`GotProgress` 2), and once a
 * product has ended it is not reported, as the real server does.
 */
export const productStatus = (
  job: Job,
  key: string,
  at: number,
  withProgress: boolean
): Ukssdc.ProductStatus => {
  const product = productOf(job, key)
  if (product === undefined) return unknown
  const code = codeAt(job, product, at)
  const progress: Ukssdc.Progress = !withProgress
    ? notReported
    : code === 3
      ? running(job.plan, product, at - product.runsAt)
      : code === 4 || code < 0
        ? notReported
        : { GotProgress: 2 }
  return { statusCode: code, statusText: statusText[code], progress }
}
