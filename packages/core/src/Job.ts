/**
 * The unified job model: a {@link Snapshot} of one job at an instant, which
 * every API maps onto (`Ukssdc.toSnapshot`, `Too.toSnapshot`, `Tom.toSnapshot`),
 * and {@link diff}, which turns two polls into the events between them.
 *
 * @example
 * ```ts
 * import { Job } from "@jobscope/core"
 *
 * for (const event of Job.diff(previous, next)) {
 *   if (event._tag === "PhaseChanged") console.log(`${event.taskId}: ${event.from} → ${event.to}`)
 * }
 * ```
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import * as Lifecycle from "./Lifecycle.js"
import * as Phase from "./Phase.js"
import * as Progress from "./Progress.js"

/** Where a snapshot came from; the three known APIs, or any name a third party maps from. */
export type Source = "ukssdc" | "too" | "tom" | (string & {})

/** One unit of work inside a job: a UKSSDC product, a TOO request, a TOM process. */
export const Task = Schema.Struct({
  /** Stable within the job: a product key such as `lc`, a TOM process identifier. */
  id: Schema.String,
  /** A name for people, such as "Light curve". */
  label: Schema.String,
  phase: Phase.Phase,
  /** The server's own status code or word, untouched (`3`, `null`, `"Queued"`, `"pending"`). */
  code: Schema.NullOr(
    Schema.Union([
      Schema.Finite.check(
        Schema.makeFilter((code: number) => !Object.is(code, -0) || "-0 does not survive JSON")
      ),
      Schema.String
    ])
  ),
  /** The server's own description of the status ("Running", "Complete", …). */
  text: Schema.String,
  /** The steps the server reported, when it reported any. */
  steps: Schema.optionalKey(Progress.Steps),
  /** Text the server gave about the steps that is not one of them; may hold inline HTML (UKSSDC `PreProgress`). */
  stepsNote: Schema.optionalKey(Schema.String),
  /** How long the task has been running, by the server's count, to the millisecond. */
  elapsed: Schema.optionalKey(
    Schema.DurationFromMillis.pipe(
      Schema.check(
        Schema.makeFilter((duration: Duration.Duration) => {
          const millis = Duration.toMillis(duration)
          return (Number.isSafeInteger(millis) && millis >= 0) || "a whole, finite number of milliseconds"
        })
      )
    )
  ),
  /** The task's log so far; logs only grow. */
  logs: Schema.optionalKey(Schema.String),
  /** Why the task failed or was rejected. */
  message: Schema.optionalKey(Schema.String),
  /** Warnings the server attached. */
  warnings: Schema.optionalKey(Schema.Array(Schema.String)),
  startedAt: Schema.optionalKey(Schema.Date),
  finishedAt: Schema.optionalKey(Schema.Date),
  /** Where a person can look at the task, as the server gave it (possibly relative). */
  url: Schema.optionalKey(Schema.String)
})

/** One unit of work inside a job. */
export interface Task extends Schema.Schema.Type<typeof Task> {}

/** One job as seen by one poll. */
export const Snapshot = Schema.Struct({
  source: Schema.String as Schema.Codec<Source>,
  jobId: Schema.String,
  /** A name for people, such as a target or a request type. */
  label: Schema.optionalKey(Schema.String),
  /** Where a person can watch the job, as the server gave it. */
  url: Schema.optionalKey(Schema.String),
  /** The tasks, each with an id of its own. */
  tasks: Schema.Array(Task).check(
    Schema.makeFilter(
      (tasks: ReadonlyArray<Task>) =>
        new Set(tasks.map((task) => task.id)).size === tasks.length || "task ids must be unique within a job",
      { arbitraryConstraint: { uniqueBy: (task: Task) => task.id } }
    )
  ),
  /** When the reply was received, by the observer's clock. */
  observedAt: Schema.Date,
  /** The server's own clock at the time of the reply, when it says. */
  serverTime: Schema.optionalKey(Schema.Date)
})

/** One job as seen by one poll. */
export interface Snapshot extends Schema.Schema.Type<typeof Snapshot> {}

/** A snapshot as plain JSON (dates as ISO strings, durations as milliseconds). */
export const SnapshotJson = Schema.toCodecJson(Snapshot)

const taskId = { taskId: Schema.String }

/** A task the previous poll did not report. */
export const TaskAdded = Schema.TaggedStruct("TaskAdded", { ...taskId, phase: Phase.Phase })

/** A task's phase, or the server's own status within it, changed along its lifecycle. */
export const PhaseChanged = Schema.TaggedStruct("PhaseChanged", {
  ...taskId,
  from: Phase.Phase,
  to: Phase.Phase,
  code: Task.fields.code,
  text: Schema.String
})

/** A step became active. */
export const StepStarted = Schema.TaggedStruct("StepStarted", { ...taskId, ...Progress.StepStarted.fields })

/** A step became done (also reported for steps a poll skipped straight past). */
export const StepDone = Schema.TaggedStruct("StepDone", { ...taskId, ...Progress.StepDone.fields })

/** A step's counter moved, such as spectrum 14 → 15 of 156. */
export const CounterAdvanced = Schema.TaggedStruct("CounterAdvanced", {
  ...taskId,
  ...Progress.CounterAdvanced.fields
})

/** Text was added to a task's log. */
export const LogAppended = Schema.TaggedStruct("LogAppended", { ...taskId, text: Schema.String })

/**
 * Something a lifecycle does not allow: a regression (UKSSDC 4 → 3), a move out
 * of a terminal phase, a log that shrank, a task that vanished. Reported, never thrown.
 */
export const Anomaly = Schema.TaggedStruct("Anomaly", {
  ...taskId,
  reason: Schema.String,
  from: Schema.optionalKey(Phase.Phase),
  to: Schema.optionalKey(Phase.Phase)
})

/** What happened between two polls of the same job. */
export const Event = Schema.Union([
  TaskAdded,
  PhaseChanged,
  StepStarted,
  StepDone,
  CounterAdvanced,
  LogAppended,
  Anomaly
])

/** What happened between two polls of the same job. */
export type Event = typeof Event.Type

/**
 * The events between two polls of one job, each real change exactly once:
 * tasks added, phases changed (judged against the source's lifecycle, so a
 * regression is an `Anomaly`), steps started and done, counters advanced and
 * logs appended. A task that succeeds with no steps reported finishes the
 * steps last seen (a `StepDone` for each one still open). The diff of a
 * snapshot with itself is empty.
 */
export const diff = (
  previous: Snapshot,
  next: Snapshot,
  lifecycle: Lifecycle.Lifecycle = Lifecycle.forSource(next.source)
): ReadonlyArray<Event> => {
  const events: Array<Event> = []
  const before = new Map(previous.tasks.map((task) => [task.id, task]))
  for (const task of next.tasks) {
    const was = before.get(task.id)
    before.delete(task.id)
    if (was === undefined) {
      events.push(TaskAdded.make({ taskId: task.id, phase: task.phase }))
      continue
    }
    diffTask(was, task, lifecycle, events)
  }
  for (const gone of before.values()) {
    events.push(
      Anomaly.make({ taskId: gone.id, reason: "the server no longer reports this task", from: gone.phase })
    )
  }
  return events
}

const diffTask = (was: Task, task: Task, lifecycle: Lifecycle.Lifecycle, events: Array<Event>): void => {
  const taskId = task.id
  if (was.phase !== task.phase || was.code !== task.code) {
    const move = Lifecycle.judge(lifecycle, was.phase, task.phase)
    if (move === "regressed") {
      events.push(
        Anomaly.make({
          taskId,
          reason: Phase.isTerminal(was.phase)
            ? `a ${lifecycle.name} that had ${was.phase} is now reported ${task.phase}`
            : `a ${lifecycle.name} went back from ${was.phase} to ${task.phase}`,
          from: was.phase,
          to: task.phase
        })
      )
      return
    }
    events.push(
      PhaseChanged.make({ taskId, from: was.phase, to: task.phase, code: task.code, text: task.text })
    )
  }
  // A task that succeeded without a word about its steps finished all of them.
  const steps =
    task.steps ??
    (task.phase === "succeeded" && was.phase !== "succeeded" && was.steps !== undefined
      ? Progress.completed(was.steps)
      : undefined)
  if (steps !== undefined && was.steps !== steps) {
    for (const change of Progress.diff(was.steps ?? [], steps)) events.push({ ...change, taskId })
  }
  const oldLogs = was.logs ?? ""
  const newLogs = task.logs ?? ""
  if (newLogs !== oldLogs) {
    if (newLogs.startsWith(oldLogs)) {
      events.push(LogAppended.make({ taskId, text: newLogs.slice(oldLogs.length) }))
    } else {
      events.push(Anomaly.make({ taskId, reason: "the log no longer starts with what was already seen" }))
    }
  }
}

/**
 * Whether the job is over: every task the server knows of is in a terminal
 * phase. Tasks in `unknown` (UKSSDC products that are not part of the job) do
 * not hold a job open, but a job with no known task at all is not over.
 */
export const isTerminal = (snapshot: Snapshot): boolean => {
  let known = 0
  for (const task of snapshot.tasks) {
    if (task.phase === "unknown") continue
    if (!Phase.isTerminal(task.phase)) return false
    known++
  }
  return known > 0
}

/** How a finished job ended, for exit codes and summaries. */
export type Outcome = "succeeded" | "failed" | "cancelled"

/**
 * How a finished job ended: `failed` if any task failed, else `cancelled` if any
 * was cancelled, else `succeeded`; `undefined` while it is not over.
 */
export const outcome = (snapshot: Snapshot): Outcome | undefined => {
  if (!isTerminal(snapshot)) return undefined
  const phases = new Set(snapshot.tasks.map((task) => task.phase))
  return phases.has("failed") ? "failed" : phases.has("cancelled") ? "cancelled" : "succeeded"
}

/** Finds a task by id. */
export const task = (snapshot: Snapshot, id: string): Task | undefined =>
  snapshot.tasks.find((candidate) => candidate.id === id)
