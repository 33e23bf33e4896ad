/**
 * A UWS job document on the unified model: the job is one task, its phase
 * the task's, its results the task's outputs (URL, media type, size), its
 * `quote` the task's expected end, its error summary (and the detail
 * document, when fetched) the task's message.
 */
import type { Job } from "@jobscope/core"
import { phaseOf } from "./ExecutionPhase.js"
import type { JobDocument } from "./JobDocument.js"
import { source } from "./Source.js"

/** What {@link toSnapshot} takes: the core's options, and the error detail document when it was fetched. */
export interface SnapshotOptions extends Job.SnapshotOptions {
  /** The text of `{job}/error`, for a job whose error summary `hasDetail`. */
  readonly errorDetail?: string | undefined
}

/** The longest error detail kept in a task's message, in characters: a detail can be a whole stack trace. */
const detailLength = 4_000

/** The job as the snapshot's one task. */
export const toTask = (job: JobDocument, errorDetail?: string): Job.Task => {
  const message = messageOf(job, errorDetail)
  return {
    id: "job",
    label: job.runId ?? "UWS job",
    phase: phaseOf(job.phase),
    code: job.phase,
    text: job.phase,
    ...(job.startTime === undefined ? {} : { startedAt: job.startTime }),
    ...(job.endTime === undefined ? {} : { finishedAt: job.endTime }),
    ...(message === undefined ? {} : { message }),
    ...(job.results.length === 0
      ? {}
      : {
          outputs: uniqueById(job.results).map((result) => ({
            id: result.id,
            label: result.id,
            ...(result.href === undefined ? {} : { url: result.href }),
            ...(result.mimeType === undefined ? {} : { mediaType: result.mimeType }),
            ...(result.size === undefined ? {} : { size: result.size })
          }))
        }),
    ...(job.quote === undefined ? {} : { expectedEnd: job.quote })
  }
}

/** Results whose id repeats an earlier one are left out: a task's output ids are unique. */
const uniqueById = (results: JobDocument["results"]): JobDocument["results"] => {
  const seen = new Set<string>()
  return results.filter((result) => !seen.has(result.id) && seen.add(result.id) !== undefined)
}

const messageOf = (job: JobDocument, errorDetail: string | undefined): string | undefined => {
  const summary = job.errorSummary?.message
  const detail = errorDetail?.trim()
  const shortDetail =
    detail === undefined || detail === "" || detail === summary
      ? undefined
      : detail.length > detailLength
        ? `${detail.slice(0, detailLength)}…`
        : detail
  if (summary === undefined) return shortDetail
  return shortDetail === undefined ? summary : `${summary}\n\n${shortDetail}`
}

/** A job document as a snapshot: the job's id, its run id as the label unless one is given, one task. */
export const toSnapshot = (job: JobDocument, options: SnapshotOptions): Job.Snapshot => {
  const label = options.label ?? job.runId
  return {
    source: source.id,
    jobId: job.jobId,
    ...(label === undefined ? {} : { label }),
    ...(options.url === undefined ? {} : { url: options.url }),
    tasks: [toTask(job, options.errorDetail)],
    observedAt: options.observedAt
  }
}
