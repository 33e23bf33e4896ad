import { DecodeError, type Job, Lifecycle, type Phase, Poll, Progress, Source } from "@jobscope/core"
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

/** A run of the reduction pipeline, as the queue reports it. */
export const WireRun = Schema.Struct({
  id: Schema.String,
  state: Schema.Literals(["waiting", "running", "done", "error"]),
  steps: Schema.Array(WireStep),
  /** Seconds the run has been running, by the server's count. */
  runtime: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))),
  /** Why the run failed, when it did. */
  error: Schema.optionalKey(Schema.String)
})

/** A run of the reduction pipeline, as the queue reports it. */
export interface WireRun extends Schema.Schema.Type<typeof WireRun> {}

/** Reads a reply body: a run, or a `DecodeError` saying where and what is wrong (never a throw). */
export const decodeRun = DecodeError.decodeJson(WireRun, "pipeline queue reply")

// 2. The phases of a run, and the moves between them its queue allows.

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

/** The queue as generic code sees it: its lifecycle, and the default polling (floor 5 s, ceiling 1 min). */
export const source = Source.make({ id: "pipeline", name: "pipeline", lifecycle, jobNoun: "pipeline run" })

const stepStates = { todo: "pending", running: "active", done: "done" } as const

// 3. The mapping onto the unified model: one snapshot per reply, one task per run.

/** A reply as a snapshot: the run is the job's one task, its steps the task's progress. */
export const toSnapshot = (run: WireRun, observedAt: Date): Job.Snapshot => ({
  source: "pipeline",
  jobId: run.id,
  tasks: [
    {
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
      // Whole milliseconds, so that a snapshot saved as JSON (a watcher's state) reads back the same.
      ...(run.runtime === undefined ? {} : { elapsed: Duration.millis(Math.round(run.runtime * 1000)) }),
      ...(run.error === undefined ? {} : { message: run.error })
    }
  ],
  observedAt
})

// 4. Following a run: one request per poll, the core's generic policy, the fetch package's follow layer.

/** How often to ask: the generic policy (floor 5 s, ceiling 1 min), adjusted by `options`. */
export const policy = (options: Poll.Options = {}): Poll.Policy => Poll.make(source, options)

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
    toSnapshot
  })

/** Follows a run until it is over: a stream of snapshots and the events between them. */
export const follow = (
  baseUrl: string,
  id: string,
  options: Poll.Options = {}
): Stream.Stream<Poller.Update<WireRun>, Poller.WatchError, Transport.Transport> =>
  Follow.watch(run(baseUrl, id), { policy: options })
