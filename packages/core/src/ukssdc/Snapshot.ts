/**
 * A UKSSDC status reply as a `Job.Snapshot`: one task per product.
 */
import type * as Job from "../Job.js"
import * as Lifecycle from "../Lifecycle.js"
import type * as Phase from "../Phase.js"
import * as Progress from "../Progress.js"
import { productName } from "./Product.js"
import type { ProductStatus, StatusCodeValue, StatusOk, Step } from "./Status.js"

/** The lifecycle of a UKSSDC product. */
export const lifecycle: Lifecycle.Lifecycle = Lifecycle.ukssdc

/** The phase a status code puts a product in; `null` (not part of the job) is `unknown`. */
export const phaseOf = (code: StatusCodeValue | null): Phase.Phase => {
  switch (code) {
    case null:
      return "unknown"
    case 1:
      return "pending"
    case 2:
      return "queued"
    case 3:
      return "running"
    case 4:
      return "succeeded"
    case 5:
      return "waiting"
    case -4:
      return "cancelled"
    case -3:
    case -2:
    case -1:
      return "failed"
  }
}

const stepStates: ReadonlyArray<Progress.State> = ["pending", "active", "done"]

/** Maps the server's progress steps onto the neutral progress tree. */
export const toSteps = (steps: ReadonlyArray<Step>): Progress.Steps =>
  steps.map((step) =>
    Progress.make(step.StepLabel, stepStates[step.StepStatus]!, {
      ...(step.StepExtra === undefined ? {} : { extra: step.StepExtra }),
      children: toSteps(step.SubStep ?? [])
    })
  )

/** One product's status as a task of the job. */
export const toTask = (product: string, status: ProductStatus): Job.Task => {
  const progress = status.progress
  const reported = progress?.GotProgress === 1
  return {
    id: product,
    label: productName(product),
    phase: phaseOf(status.statusCode),
    code: status.statusCode,
    text: status.statusText,
    ...(reported && progress.ProgressSteps !== undefined ? { steps: toSteps(progress.ProgressSteps) } : {}),
    ...(reported && progress.PreProgress !== undefined ? { stepsNote: progress.PreProgress } : {}),
    ...(progress?.TimeRunning === undefined ? {} : { elapsed: progress.TimeRunning })
  }
}

/**
 * The products a reply shows: all, or with `onlyTheJobs` those the job has.
 * Asked about a product the job lacks, the product builder answers a `null`
 * code, "Unknown status"; a reply where every product is so says nothing of
 * which the job has, and keeps them all.
 */
const productsShown = (
  products: ReadonlyArray<readonly [string, ProductStatus]>,
  onlyTheJobs: boolean
): ReadonlyArray<readonly [string, ProductStatus]> => {
  if (!onlyTheJobs) return products
  const known = products.filter(([, status]) => status.statusCode !== null)
  return known.length === 0 ? products : known
}

/**
 * A status reply as a snapshot of the job: one task per product, in the order
 * the server sent them.
 *
 * @example
 * ```ts
 * const reply = Schema.decodeUnknownSync(Ukssdc.StatusResponse)(json)
 * if (reply.OK === 1) {
 *   const snapshot = Ukssdc.toSnapshot(reply, { observedAt: new Date(), url: submitted.URL })
 * }
 * ```
 */
export const toSnapshot = (
  reply: StatusOk,
  options: {
    /** When the reply came. */
    readonly observedAt: Date
    /** The job's page, from the submit reply. */
    readonly url?: string
    /** A name for the job, such as the target's. */
    readonly label?: string
    /**
     * Leaves out the products the job lacks, which the server reports with a
     * `null` code when asked about them (as when all six are asked); kept
     * when every product is `null` (default: false, a task per product in the reply).
     */
    readonly onlyTheJobsProducts?: boolean
  }
): Job.Snapshot => ({
  source: "ukssdc",
  jobId: String(reply.JobID),
  ...(options.label === undefined ? {} : { label: options.label }),
  ...(options.url === undefined ? {} : { url: options.url }),
  tasks: productsShown(Object.entries(reply.products), options.onlyTheJobsProducts === true).map(
    ([product, status]) => toTask(product, status)
  ),
  observedAt: options.observedAt
})
