/**
 * The async-process and pipeline-logs APIs of TOM Toolkit sites built on
 * tom_education: wire schemas that decode exactly what the server sends
 * (UNIX-second floats become `Date`s, `status` stays free text), the phase of
 * a status word, the processes that finished while a client was watching, the
 * TOM as a Source, and the mapping onto the unified job model.
 *
 * @example
 * ```ts
 * import { DecodeError, Job, Tom } from "@jobscope/core"
 * import * as Result from "effect/Result"
 *
 * const reply = DecodeError.decodeJson(Tom.AsyncStatusResponse, "TOM status reply")(body)
 * if (Result.isSuccess(reply)) {
 *   const snapshot = Tom.toSnapshot(reply.success, { target: 7, observedAt: new Date() })
 *   console.log(Job.isTerminal(snapshot))
 * }
 * ```
 */
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"
import * as Href from "./Href.js"
import type * as Job from "./Job.js"
import * as Lifecycle from "./Lifecycle.js"
import type * as Phase from "./Phase.js"
import * as Source from "./Source.js"

/** The instants a {@link UnixTime} can hold: from the UNIX epoch to the end of year 9999. */
const first = new Date("1970-01-01T00:00:00.000Z")
const last = new Date("9999-12-31T23:59:59.999Z")

const seconds = Schema.Number.annotate({ expected: "UNIX seconds" }).check(
  Schema.isFinite({ expected: "UNIX seconds (a finite number)" }),
  Schema.isBetween(
    { minimum: first.getTime() / 1000, maximum: last.getTime() / 1000 },
    { expected: "UNIX seconds between 1970 and the end of 9999" }
  )
)

/**
 * A time as the server writes it, UNIX seconds as a float (Python's
 * `datetime.timestamp()`), decoded to a `Date` rounded to the millisecond and
 * encoded back to seconds; a `Date` survives the round trip exactly.
 *
 * @example
 * ```ts
 * Schema.decodeSync(Tom.UnixTime)(1564740586.489885).toISOString() // "2019-08-02T10:09:46.490Z"
 * ```
 */
export const UnixTime = seconds.pipe(
  Schema.decodeTo(
    Schema.Date.check(Schema.isBetweenDate({ minimum: first, maximum: last })),
    SchemaTransformation.transform({
      decode: (value: number) => new Date(Math.round(value * 1000)),
      encode: (date: Date) => date.getTime() / 1000
    })
  )
)

/** The fields every process has, in the async status reply and in the pipeline logs reply alike. */
const processFields = {
  /** Unique among the target's processes, such as `timelapse_m13_2019-08-02-100944.webm`. */
  identifier: Schema.String,
  /** When the process was created. */
  created: UnixTime,
  /** Free text: `pending` at the start, `created` on success, `failed` on failure, any other word while running. */
  status: Schema.String,
  /** When the process finished or failed; `null` while it runs. */
  terminal_timestamp: Schema.NullOr(UnixTime),
  /** Why the process failed; `null` unless it did. */
  failure_message: Schema.NullOr(Schema.String),
  /** Relative URL of the process's page (pipelines only), or `null`. */
  view_url: Schema.NullOr(Schema.String)
}

/** One asynchronous process (a timelapse, a pipeline, …) of a target, as the async status API reports it. */
export const AsyncProcess = Schema.Struct(processFields)

/** One asynchronous process of a target. */
export interface AsyncProcess extends Schema.Schema.Type<typeof AsyncProcess> {}

/** The reply of `GET /api/async/status/<target PK>/`: the server's clock and the target's processes. */
export const AsyncStatusResponse = Schema.Struct({
  /** The server's clock at the time of the reply; the first one marks "page load" for {@link finishedSince}. */
  timestamp: UnixTime,
  /** The target's processes, most recently created first. */
  processes: Schema.Array(AsyncProcess)
})

/** The reply of the async process status API. */
export interface AsyncStatusResponse extends Schema.Schema.Type<typeof AsyncStatusResponse> {}

/** A log that is text, or `null` (read as empty, and written back as text). */
const Logs = Schema.NullOr(Schema.String).pipe(
  Schema.decodeTo(
    Schema.String,
    SchemaTransformation.transform({
      decode: (logs: string | null) => logs ?? "",
      encode: (logs: string): string | null => logs
    })
  )
)

/** The reply of `GET /api/pipeline/logs/<pipeline PK>/`: a process, its log so far and its output group. */
export const PipelineLogs = Schema.Struct({
  ...processFields,
  /** The pipeline's log output so far; it only grows. */
  logs: Logs,
  /** The name of the data product group that holds the outputs, or `null` until it is created. */
  group_name: Schema.NullOr(Schema.String),
  /** Relative URL of that group's page, or `null` until it is created. */
  group_url: Schema.NullOr(Schema.String)
})

/** The reply of the pipeline logs API. */
export interface PipelineLogs extends Schema.Schema.Type<typeof PipelineLogs> {}

/** The body of a 404 reply, which an unknown target or pipeline gets: `{"detail": "Not found."}`. */
export const NotFound = Schema.Struct({ detail: Schema.String })

/** The body of a 404 reply. */
export interface NotFound extends Schema.Schema.Type<typeof NotFound> {}

/**
 * The phase of a status word: `pending` is pending, `created` succeeded,
 * `failed` failed, and any other word (a pipeline's own, such as
 * `running astrosource`) means running. Words are matched exactly.
 */
export const phaseOf = (status: string): Phase.Phase =>
  status === "pending"
    ? "pending"
    : status === "created"
      ? "succeeded"
      : status === "failed"
        ? "failed"
        : "running"

/**
 * The processes that finished (succeeded or failed) after `since`, which is
 * meant to be the server `timestamp` of the first reply a client received:
 * processes that had already finished before then, and those still running,
 * are left out. Comparing server times with server times keeps clock skew out.
 *
 * @example
 * ```ts
 * const first = await poll() // timestamp 10:09:50; the timelapse finished at 10:09:50.163 → not new
 * const later = await poll() // the astrosource pipeline failed at 10:10:42
 * Tom.finishedSince(later, first.timestamp).map((p) => p.identifier) // ["astrosource_m13_2019-07-30-122657"]
 * ```
 */
export const finishedSince = (response: AsyncStatusResponse, since: Date): ReadonlyArray<AsyncProcess> =>
  response.processes.filter(
    (process) => process.terminal_timestamp !== null && process.terminal_timestamp.getTime() > since.getTime()
  )

/**
 * TOM processes: `pending` → any word of the pipeline's own (running) →
 * `created` or `failed`. A change of word while running stays in `running`.
 */
export const lifecycle: Lifecycle.Lifecycle = Lifecycle.make("TOM process", [
  ["pending", "running"],
  ["running", "succeeded"],
  ["running", "failed"]
])

/**
 * A TOM's async processes and pipelines. The TOM's own page polled every
 * second forever; polling starts there and backs off to a minute while a
 * process is quiet. A TOM's only progress is its free-text status and its
 * log, so every event counts as movement.
 */
export const source: Source.Source = Source.make({
  id: "tom",
  name: "TOM",
  lifecycle,
  polling: { floor: 1_000, politeFloor: 1_000, ceiling: 60_000 },
  moved: Source.anyEvent,
  // Job ids are "target/7" and "pipeline/7", as in the API's URLs.
  describeJob: (jobId) => `TOM ${jobId.replace("/", " ")}`
})

/**
 * What a process produced: its page (`view_url`) and, for a pipeline, the
 * data product group that holds its outputs (`group_url`), each once the
 * server gives it. URLs are relative to the TOM, as the server writes them.
 */
export const outputsOf = (
  process: AsyncProcess | PipelineLogs,
  baseUrl?: string | undefined
): ReadonlyArray<Job.Output> => {
  const outputs: Array<Job.Output> = []
  if (process.view_url !== null)
    outputs.push({ id: "page", label: "Process page", url: onTom(process.view_url, baseUrl) })
  if ("group_url" in process && process.group_url !== null) {
    outputs.push({
      id: "group",
      label: process.group_name ?? "Data products",
      url: onTom(process.group_url, baseUrl)
    })
  }
  return outputs
}

/**
 * A URL the TOM gave, relative to the TOM itself (`/pipeline/1`), made
 * absolute against its address when known (`Href.resolve`), so that a report
 * read anywhere links to it; as the server wrote it otherwise.
 */
const onTom = (url: string, baseUrl: string | undefined): string =>
  baseUrl === undefined ? url : (Href.resolve(url, `${baseUrl.replace(/\/+$/, "")}/`) ?? url)

/**
 * A process as a task of the unified model: id and label are its identifier,
 * code and text its status word, `startedAt` its creation time; `finishedAt`,
 * `message`, `url` and its outputs (see {@link outputsOf}) are present only
 * when the server gave them.
 */
export const toTask = (process: AsyncProcess | PipelineLogs, baseUrl?: string | undefined): Job.Task => {
  const outputs = outputsOf(process, baseUrl)
  return {
    id: process.identifier,
    label: process.identifier,
    phase: phaseOf(process.status),
    code: process.status,
    text: process.status,
    startedAt: process.created,
    ...(process.terminal_timestamp === null ? {} : { finishedAt: process.terminal_timestamp }),
    ...(process.failure_message === null ? {} : { message: process.failure_message }),
    ...(process.view_url === null ? {} : { url: onTom(process.view_url, baseUrl) }),
    ...(outputs.length > 0 ? { outputs } : {})
  }
}

/** What {@link toSnapshot} takes: the shared options, and the target whose processes they are. */
export interface SnapshotOptions extends Job.SnapshotOptions {
  /** The target's name or primary key, as in the API's URL. */
  readonly target: string | number
  /**
   * The TOM's address, such as `https://tom.example.org`: the pages and
   * groups it gives relative to itself (`/pipeline/1`) are made absolute
   * against it (default: kept as the server wrote them).
   */
  readonly baseUrl?: string | undefined
}

/** What {@link logsToSnapshot} takes: the shared options, and the pipeline whose log it is. */
export interface LogsSnapshotOptions extends Job.SnapshotOptions {
  /** The pipeline's primary key, as in the API's URL. */
  readonly pipeline: string | number
  /** The TOM's address, against which the URLs it gives are made absolute (see {@link SnapshotOptions}). */
  readonly baseUrl?: string | undefined
}

/**
 * A status reply as a snapshot of source `"tom"` with one task per process
 * (see {@link toTask}). The job id is `target/<PK>` (as in the API's URL), so
 * it never collides with a pipeline's; the server's `timestamp` becomes
 * `serverTime`.
 *
 * @example
 * ```ts
 * Tom.toSnapshot(reply, { target: 7, observedAt: new Date(), label: "M13" }).jobId // "target/7"
 * ```
 */
export const toSnapshot = (response: AsyncStatusResponse, options: SnapshotOptions): Job.Snapshot => ({
  source: source.id,
  jobId: `target/${options.target}`,
  ...(options.label === undefined ? {} : { label: options.label }),
  ...(options.url === undefined ? {} : { url: options.url }),
  tasks: response.processes.map((process) => toTask(process, options.baseUrl)),
  observedAt: options.observedAt,
  serverTime: response.timestamp
})

/**
 * A pipeline logs reply as a snapshot of source `"tom"` with one task, the
 * process with its log, so `Job.diff` reports what the log gained. The job id
 * is `pipeline/<PK>`; the label defaults to the process identifier and the
 * snapshot's URL is the pipeline's page when the server gave one.
 */
export const logsToSnapshot = (logs: PipelineLogs, options: LogsSnapshotOptions): Job.Snapshot => ({
  source: source.id,
  jobId: `pipeline/${options.pipeline}`,
  label: options.label ?? logs.identifier,
  ...(options.url !== undefined
    ? { url: options.url }
    : logs.view_url === null
      ? {}
      : { url: onTom(logs.view_url, options.baseUrl) }),
  tasks: [{ ...toTask(logs, options.baseUrl), logs: logs.logs }],
  observedAt: options.observedAt
})
