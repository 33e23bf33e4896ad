import { DecodeError, type Job, Lifecycle, type Phase, type Poll, Progress, Source } from "@jobscope/core"
import { Follow, Followable, type Poller, Transport } from "@jobscope/fetch"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { HttpClientRequest } from "effect/http"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"

// 1. The wire format: what `GET /queue/<id>` answers, exactly as the server sends it.

/** One step of a run: `todo`, `running` or `done`, with a count such as "3/12" while it runs. */
export const WireStep = Schema.Struct({
  name: Schema.String,
  status: Schema.Literals(["todo", "running", "done"]),
  progress: Schema.optionalKey(Schema.String)
})

/** A file a finished run made: its name, and where to get it (relative to the queue). */
export const WireProduct = Schema.Struct({ name: Schema.String, url: Schema.String })

/** A run of the reduction pipeline, as the queue reports it. */
export const WireRun = Schema.Struct({
  id: Schema.String,
  state: Schema.Literals(["waiting", "running", "done", "error"]),
  steps: Schema.Array(WireStep),
  /** Seconds the run has been running, by the server's count. */
  runtime: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))),
  /** Why the run failed, when it did. */
  error: Schema.optionalKey(Schema.String),
  /** What a finished run made. */
  products: Schema.optionalKey(Schema.Array(WireProduct))
})

/** A run of the reduction pipeline, as the queue reports it. */
export interface WireRun extends Schema.Schema.Type<typeof WireRun> {}

/** Reads a reply body: a run, or a `DecodeError` saying where and what is wrong (never a throw). */
export const decodeRun = DecodeError.decodeJson(WireRun, "pipeline queue reply")

// 2. The queue as a Source: its phases, the moves between them, how to poll it and name its jobs.

/** Where the core's phases stand for each state the queue reports. */
export const phaseOf = (state: WireRun["state"]): Phase.Phase => {
  switch (state) {
    case "waiting":
      return "queued"
    case "running":
      return "running"
    case "done":
      return "succeeded"
    case "error":
      return "failed"
  }
}

/** A run waits, runs, then ends done or in error; it can fail while still waiting. */
export const lifecycle = Lifecycle.make("pipeline run", [
  ["queued", "running"],
  ["running", "succeeded"],
  ["queued", "failed"],
  ["running", "failed"]
])

/**
 * The queue as generic code sees it: its lifecycle, a polite floor of 5 s (its
 * operators ask for no more than one request per run every 5 s), the default
 * ceiling of a minute, and its runs named "pipeline run r-42".
 */
export const source = Source.make({
  id: "pipeline",
  name: "Reduction pipeline",
  lifecycle,
  polling: { floor: 5_000, politeFloor: 5_000 },
  jobNoun: "pipeline run"
})

const stepStates = { todo: "pending", running: "active", done: "done" } as const

// 3. The mapping onto the unified model: one task per run, one snapshot per reply.

/** A run as the job's one task: its steps the task's progress, its files the task's outputs. */
export const toTask = (run: WireRun): Job.Task => ({
  id: "reduction",
  label: "Reduction",
  phase: phaseOf(run.state),
  code: run.state,
  text: run.state,
  steps: run.steps.map((step) =>
    Progress.make(
      step.name,
      stepStates[step.status],
      step.progress === undefined ? {} : { extra: step.progress }
    )
  ),
  // Whole milliseconds, so that a snapshot saved as JSON (a watch's state) reads back the same.
  ...(run.runtime === undefined ? {} : { elapsed: Duration.millis(Math.round(run.runtime * 1000)) }),
  ...(run.error === undefined ? {} : { message: run.error }),
  ...(run.products === undefined
    ? {}
    : {
        outputs: run.products.map((product) => ({ id: product.url, label: product.name, url: product.url }))
      })
})

/** A reply as a snapshot, with the options every API's mapping takes (when, a label, the job's page). */
export const toSnapshot = (run: WireRun, options: Job.SnapshotOptions): Job.Snapshot => ({
  source: source.id,
  jobId: run.id,
  ...(options.label === undefined ? {} : { label: options.label }),
  ...(options.url === undefined ? {} : { url: options.url }),
  tasks: [toTask(run)],
  observedAt: options.observedAt
})

// 4. Following a run: one request per poll, paced by the Source, through the fetch package's follow layer.

/** A run to follow over HTTP: the one request that tells where it stands, and its mapping. */
export const run = (baseUrl: string, id: string): Followable.Followable<WireRun, Transport.Transport> =>
  Followable.make({
    source,
    jobId: id,
    request: Effect.flatMap(Transport.Transport, (transport) =>
      transport.json(
        {
          endpoint: "pipeline queue",
          job: id,
          request: HttpClientRequest.get(`${baseUrl}/queue/${encodeURIComponent(id)}`)
        },
        WireRun
      )
    ),
    // The queue's own page of the run, against which its files' URLs resolve.
    toSnapshot: (reply, observedAt) => toSnapshot(reply, { observedAt, url: `${baseUrl}/queue/${id}` })
  })

/** Follows a run until it is over: a stream of snapshots and the events between them. */
export const follow = (
  baseUrl: string,
  id: string,
  options: Poll.Options = {}
): Stream.Stream<Poller.Update<WireRun>, Poller.WatchError, Transport.Transport> =>
  Follow.watch(run(baseUrl, id), { policy: options })
