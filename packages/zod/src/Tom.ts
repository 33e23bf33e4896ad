/**
 * The async-process and pipeline-logs APIs of TOM Toolkit sites built on
 * tom_education, as the server sends them: times are UNIX seconds (floats),
 * `status` is free text.
 */
import * as z from "zod"
import { readonlyArray } from "./internal/readonlyArray.js"

/** The last instant the core represents: the end of year 9999. */
const lastSecond = Date.UTC(9999, 11, 31, 23, 59, 59, 999) / 1000

/**
 * A time as the server writes it: UNIX seconds as a float (Python's
 * `datetime.timestamp()`), from 1970 to the end of 9999. Kept as a number (the
 * core decodes it to a `Date`, rounded to the millisecond).
 */
export const UnixTime = z
  .number()
  .min(0, "Invalid input: expected UNIX seconds between 1970 and the end of 9999")
  .max(lastSecond, "Invalid input: expected UNIX seconds between 1970 and the end of 9999")

/** The fields every process has, in the async status reply and in the pipeline logs reply alike. */
const processFields = {
  /** Unique among the target's processes, such as `timelapse_m13_2019-08-02-100944.webm`. */
  identifier: z.string(),
  /** When the process was created. */
  created: UnixTime,
  /** Free text: `pending` at the start, `created` on success, `failed` on failure, any other word while running. */
  status: z.string(),
  /** When the process finished or failed; `null` while it runs. */
  terminal_timestamp: UnixTime.nullable(),
  /** Why the process failed; `null` unless it did. */
  failure_message: z.string().nullable(),
  /** Relative URL of the process's page (pipelines only), or `null`. */
  view_url: z.string().nullable()
}

/** One asynchronous process (a timelapse, a pipeline, …) of a target, as the async status API reports it. */
export const AsyncProcess = z.object(processFields)

/** One asynchronous process of a target. */
export type AsyncProcess = z.output<typeof AsyncProcess>

/** The reply of `GET /api/async/status/<target PK>/`: the server's clock and the target's processes. */
export const AsyncStatusResponse = z.object({
  /** The server's clock at the time of the reply. */
  timestamp: UnixTime,
  /** The target's processes, most recently created first. */
  processes: readonlyArray(AsyncProcess)
})

/** The reply of the async process status API. */
export type AsyncStatusResponse = z.output<typeof AsyncStatusResponse>

/** The reply of `GET /api/pipeline/logs/<pipeline PK>/`: a process, its log so far and its output group. */
export const PipelineLogs = z.object({
  ...processFields,
  /** The pipeline's log output so far, or `null` (the core reads it as empty); it only grows. */
  logs: z.string().nullable(),
  /** The name of the data product group that holds the outputs, or `null` until it is created. */
  group_name: z.string().nullable(),
  /** Relative URL of that group's page, or `null` until it is created. */
  group_url: z.string().nullable()
})

/** The reply of the pipeline logs API. */
export type PipelineLogs = z.output<typeof PipelineLogs>

/** The body of a 404 reply, which an unknown target or pipeline gets: `{"detail": "Not found."}`. */
export const NotFound = z.object({ detail: z.string() })

/** The body of a 404 reply. */
export type NotFound = z.output<typeof NotFound>
