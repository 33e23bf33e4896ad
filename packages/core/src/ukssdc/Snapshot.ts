/**
 * A UKSSDC status reply as a `Job.Snapshot`: one task per product, each
 * complete one with its archive (when the job's page is known) and the
 * position it found (when given).
 */
import type * as Job from "../Job.js"
import type * as Phase from "../Phase.js"
import * as Progress from "../Progress.js"
import type { PositionResponse } from "./Jobs.js"
import type { LightCurveData } from "./LightCurve.js"
import {
  archiveOutput,
  lightCurveOutputs,
  type PositionKind,
  positionOutput,
  sourceDetOutputs,
  spectrumOutputs
} from "./Outputs.js"
import { productName } from "./Product.js"
import { source } from "./Source.js"
import type { SourceDetData } from "./SourceDet.js"
import type { SpectrumData } from "./Spectrum.js"
import type { ProductStatus, StatusCodeValue, StatusOk, Step } from "./Status.js"

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

/** What {@link toTask} can add to a product: where the job lives, and what it found or made. */
export interface TaskOptions {
  /** The job's page, from the submit reply: a complete product's archive is under it. */
  readonly url?: string | undefined
  /** The position the product found (its `tprods/get…Pos.php` reply), for a position product. */
  readonly position?: PositionResponse | undefined
  /** The light curve's data (`tprods/getLCData.php`), for the `lc` product. */
  readonly lightCurve?: LightCurveData | undefined
  /** The spectrum's fits (`tprods/getSpecData.php`), for the `spec` product. */
  readonly spectrum?: SpectrumData | undefined
  /** The sources found (`tprods/getSourceDetResults.php`), for the `sourceDet` product. */
  readonly sourceDetection?: SourceDetData | undefined
}

/** One product's status as a task of the job, with its archive and position as outputs once complete. */
export const toTask = (product: string, status: ProductStatus, options: TaskOptions = {}): Job.Task => {
  const progress = status.progress
  const reported = progress?.GotProgress === 1
  const outputs: Array<Job.Output> = []
  if (status.statusCode === 4) {
    if (options.url !== undefined) outputs.push(archiveOutput(options.url, product))
    const position = options.position === undefined ? undefined : positionOutput(options.position)
    if (position !== undefined) outputs.push(position)
    if (options.lightCurve !== undefined) outputs.push(...lightCurveOutputs(options.lightCurve))
    if (options.spectrum !== undefined) outputs.push(...spectrumOutputs(options.spectrum))
    if (options.sourceDetection !== undefined) outputs.push(...sourceDetOutputs(options.sourceDetection))
  }
  return {
    id: product,
    label: productName(product),
    phase: phaseOf(status.statusCode),
    code: status.statusCode,
    text: status.statusText,
    ...(reported && progress.ProgressSteps !== undefined ? { steps: toSteps(progress.ProgressSteps) } : {}),
    ...(reported && progress.PreProgress !== undefined ? { stepsNote: progress.PreProgress } : {}),
    ...(progress?.TimeRunning === undefined ? {} : { elapsed: progress.TimeRunning }),
    ...(outputs.length > 0 ? { outputs } : {})
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

/** What {@link toSnapshot} takes: the shared options (`url` is the job's page), and the UKSSDC's own. */
export interface SnapshotOptions extends Job.SnapshotOptions {
  /** The positions the job's position products found, by product (see `UkssdcClient.position`). */
  readonly positions?: Partial<Record<PositionKind, PositionResponse>> | undefined
  /** The light curve's data, once the `lc` product is complete (see `UkssdcClient.lightCurve`). */
  readonly lightCurve?: LightCurveData | undefined
  /** The spectrum's fits, once the `spec` product is complete (see `UkssdcClient.spectrum`). */
  readonly spectrum?: SpectrumData | undefined
  /** The sources found, once the `sourceDet` product is complete (see `UkssdcClient.sourceDetection`). */
  readonly sourceDetection?: SourceDetData | undefined
  /**
   * Leaves out the products the job lacks, which the server reports with a
   * `null` code when asked about them (as when all are asked); kept
   * when every product is `null` (default: false, a task per product in the reply).
   */
  readonly onlyTheJobsProducts?: boolean | undefined
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
export const toSnapshot = (reply: StatusOk, options: SnapshotOptions): Job.Snapshot => ({
  source: source.id,
  jobId: String(reply.JobID),
  ...(options.label === undefined ? {} : { label: options.label }),
  ...(options.url === undefined ? {} : { url: options.url }),
  tasks: productsShown(Object.entries(reply.products), options.onlyTheJobsProducts === true).map(
    ([product, status]) =>
      toTask(product, status, {
        url: options.url,
        position: options.positions?.[product as PositionKind],
        lightCurve: product === "lc" ? options.lightCurve : undefined,
        spectrum: product === "spec" ? options.spectrum : undefined,
        sourceDetection: product === "sourceDet" ? options.sourceDetection : undefined
      })
  ),
  observedAt: options.observedAt
})
