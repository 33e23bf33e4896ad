/**
 * The unified job model: a {@link Snapshot} of one job at an instant, which
 * every API maps onto (`Ukssdc.toSnapshot`, `Too.toSnapshot`, `Tom.toSnapshot`,
 * or a third party's own), with what each task produced as its {@link Output}s,
 * and {@link diff}, which turns two polls into the events between them.
 *
 * @example
 * ```ts
 * import { Job, Ukssdc } from "@jobscope/core"
 *
 * for (const event of Job.diff(previous, next, Ukssdc.source)) {
 *   if (event._tag === "PhaseChanged") console.log(`${event.taskId}: ${event.from} → ${event.to}`)
 * }
 * ```
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import * as Lifecycle from "./Lifecycle.js"
import * as Phase from "./Phase.js"
import * as Progress from "./Progress.js"
import type * as Source from "./Source.js"

/** A sky position in decimal degrees (ICRS/J2000), with the radius of its error circle when known. */
export const Position = Schema.TaggedStruct("Position", {
  /** Right ascension, decimal degrees. */
  ra: Schema.Finite,
  /** Declination, decimal degrees. */
  dec: Schema.Finite,
  /** Radius of the error circle, arcseconds (90% confidence unless the source says otherwise). */
  error: Schema.optionalKey(Schema.Finite)
})

/** A sky position with its error circle. */
export interface Position extends Schema.Schema.Type<typeof Position> {}

/** One stretch of time, such as a window in which a target can be observed. */
export const Window = Schema.Struct({ begin: Schema.Date, end: Schema.Date })

/** One stretch of time. */
export interface Window extends Schema.Schema.Type<typeof Window> {}

/** Stretches of time, such as the windows in which Swift can observe a target. */
export const Windows = Schema.TaggedStruct("Windows", { windows: Schema.Array(Window) })

/** Stretches of time. */
export interface Windows extends Schema.Schema.Type<typeof Windows> {}

/** An identifier the server gave to what was made, such as a TOO id or a target id. */
export const Identifier = Schema.TaggedStruct("Identifier", { value: Schema.String })

/** An identifier the server gave. */
export interface Identifier extends Schema.Schema.Type<typeof Identifier> {}

/** A small typed value an output carries: a position, time windows or an identifier. */
export const OutputValue = Schema.Union([Position, Windows, Identifier])

/** A small typed value an output carries. */
export type OutputValue = typeof OutputValue.Type

/**
 * Something a task produced: a labelled link (a product archive, a result
 * table), a small typed value (a position, visibility windows, a TOO id), or both.
 */
export const Output = Schema.Struct({
  /** Stable within the task, so a new output is reported once: "archive", "position", "windows". */
  id: Schema.String,
  /** A name for people: "Light curve archive", "Position". */
  label: Schema.String,
  /** Where to get it, as the server gave it (possibly relative to the job's `url`). */
  url: Schema.optionalKey(Schema.String),
  /** Its media type, when known: "application/x-votable+xml", "application/gzip". */
  mediaType: Schema.optionalKey(Schema.String),
  /** Its size in bytes, when known. */
  size: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  value: Schema.optionalKey(OutputValue)
})

/** Something a task produced. */
export interface Output extends Schema.Schema.Type<typeof Output> {}

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
  url: Schema.optionalKey(Schema.String),
  /** What the task produced so far, each with an id unique within the task. */
  outputs: Schema.optionalKey(
    Schema.Array(Output).check(
      Schema.makeFilter(
        (outputs: ReadonlyArray<Output>) =>
          new Set(outputs.map((output) => output.id)).size === outputs.length ||
          "output ids must be unique within a task",
        { arbitraryConstraint: { uniqueBy: (output: Output) => output.id } }
      )
    )
  ),
  /** When the server expects the task to end (a UWS `quote`), which the polling policy then trusts. */
  expectedEnd: Schema.optionalKey(Schema.Date)
})

/** One unit of work inside a job. */
export interface Task extends Schema.Schema.Type<typeof Task> {}

/** One job as seen by one poll. */
export const Snapshot = Schema.Struct({
  /** The id of the API it came from (its `Source.id`): "ukssdc", "too", "tom", or a third party's. */
  source: Schema.String,
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

/** What every API's `toSnapshot(reply, options)` takes; an API may ask for more. */
export interface SnapshotOptions {
  /** When the reply was received, by the observer's clock. */
  readonly observedAt: Date
  /** A name for people, such as a target's (default: what the reply says, if anything). */
  readonly label?: string | undefined
  /** Where a person can watch the job, when the caller knows it (default: what the reply says, if anything). */
  readonly url?: string | undefined
}

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

/** A task produced something new (reported once per output id). */
export const OutputAdded = Schema.TaggedStruct("OutputAdded", { ...taskId, output: Output })

/** An output already reported changed (a position refined, a link moved). */
export const OutputChanged = Schema.TaggedStruct("OutputChanged", { ...taskId, output: Output })

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
  OutputAdded,
  OutputChanged,
  Anomaly
])

/** What happened between two polls of the same job. */
export type Event = typeof Event.Type

/**
 * The events between two polls of one job, each real change exactly once:
 * tasks added, phases changed (judged against the lifecycle of the job's
 * Source, so a regression is an `Anomaly`), steps started and done, counters
 * advanced, logs appended, and outputs added or changed (a task first seen
 * reports the outputs it already has). A task that succeeds with no steps
 * reported finishes the steps last seen (a `StepDone` for each one still
 * open). Outputs a server stops listing (a UWS job archived) are no anomaly.
 * The diff of a snapshot with itself is empty.
 */
export const diff = (previous: Snapshot, next: Snapshot, source: Source.Source): ReadonlyArray<Event> => {
  const { lifecycle } = source
  const events: Array<Event> = []
  const before = new Map(previous.tasks.map((task) => [task.id, task]))
  for (const task of next.tasks) {
    const was = before.get(task.id)
    before.delete(task.id)
    if (was === undefined) {
      events.push(TaskAdded.make({ taskId: task.id, phase: task.phase }))
      diffOutputs(task.id, undefined, task.outputs, events)
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
  if (task.outputs !== was.outputs) diffOutputs(taskId, was.outputs, task.outputs, events)
}

const sameOutput = Schema.toEquivalence(Output)

const diffOutputs = (
  taskId: string,
  before: ReadonlyArray<Output> | undefined,
  after: ReadonlyArray<Output> | undefined,
  events: Array<Event>
): void => {
  if (after === undefined) return
  const seen = new Map((before ?? []).map((output) => [output.id, output]))
  for (const output of after) {
    const was = seen.get(output.id)
    if (was === undefined) events.push(OutputAdded.make({ taskId, output }))
    else if (!sameOutput(was, output)) events.push(OutputChanged.make({ taskId, output }))
  }
}

/**
 * The next snapshot with what the server stopped saying about a finished
 * task filled in from the previous one: a UKSSDC product that completes is
 * sent with no steps and no running time, which would leave a report's
 * Steps and Running-time columns empty. A task that ended (succeeded, failed
 * or cancelled) and now reports no steps keeps the last ones seen (all done
 * once it succeeded), and one with no running time keeps the last one
 * counted. Anything the server does say wins; other tasks are untouched, and
 * a snapshot with nothing to fill in is returned as it is.
 *
 * @example
 * ```ts
 * let last: Job.Snapshot | undefined
 * for await (const update of client.watch(job)) {
 *   if (update._tag !== "Observed") continue
 *   last = last === undefined ? update.snapshot : Job.carryOver(last, update.snapshot)
 * }
 * ```
 */
export const carryOver = (previous: Snapshot, next: Snapshot): Snapshot => {
  if (previous.source !== next.source || previous.jobId !== next.jobId) return next
  const before = new Map(previous.tasks.map((task) => [task.id, task]))
  let changed = false
  const tasks = next.tasks.map((task) => {
    const was = before.get(task.id)
    if (was === undefined || !Phase.isTerminal(task.phase)) return task
    const steps =
      task.steps !== undefined || was.steps === undefined
        ? undefined
        : task.phase === "succeeded"
          ? Progress.completed(was.steps)
          : was.steps
    const elapsed = task.elapsed === undefined ? was.elapsed : undefined
    if (steps === undefined && elapsed === undefined) return task
    changed = true
    return {
      ...task,
      ...(steps === undefined ? {} : { steps }),
      ...(elapsed === undefined ? {} : { elapsed })
    }
  })
  return changed ? { ...next, tasks } : next
}

/**
 * Whether the job is over: every task the server knows of is in a terminal
 * phase (`succeeded`, `failed`, `cancelled`). Tasks in `unknown` (the server
 * says nothing of them, such as UKSSDC products that are not part of the job)
 * do not hold a job open, but a job with no known task at all is not over. An
 * API's state after the end (UWS `ARCHIVED`: done, results deleted) maps to the
 * terminal phase it ended in, never to `unknown`.
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
