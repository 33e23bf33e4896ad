/**
 * How long a job has left: estimated from its steps and running time (the
 * rest at the pace so far, corrected by what earlier polls saw), or taken from
 * the server when it says (`Job.Task.expectedEnd`, such as a UWS `quote`). The
 * polling policy closes in on this estimate; renderers show it. This module
 * holds no schema of a reply, so a page that only shows an ETA bundles little.
 *
 * @example
 * ```ts
 * import { Eta } from "@jobscope/core"
 * import * as Duration from "effect/Duration"
 *
 * const left = Eta.ofTask(task, snapshot.observedAt)
 * if (left !== undefined) console.log(`about ${Duration.format(left)} left`)
 * ```
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import type * as Job from "./Job.js"
import * as Pace from "./Pace.js"
import * as Phase from "./Phase.js"
import * as Progress from "./Progress.js"

/**
 * The rest of a task at the pace so far: `running` × (1 − f) / f, when 0 < f < 1,
 * time has run, and the answer is a number (a fraction too small for one
 * says nothing useful).
 */
const restAtPace = (running: number, fraction: number): number | undefined => {
  if (!(fraction > 0 && fraction < 1 && running > 0)) return undefined
  const rest = (running * (1 - fraction)) / fraction
  return Number.isFinite(rest) ? rest : undefined
}

/**
 * The estimate for one task at `now`: the time to the server's own
 * `expectedEnd` when it gave one (zero once passed), else elapsed × (1 − f) / f
 * with f = `Progress.fraction(steps)`, the rest at the pace so far.
 * `undefined` without either, or with nothing or everything done.
 */
export const ofTask = (task: Job.Task, now: Date): Duration.Duration | undefined => {
  if (task.expectedEnd !== undefined)
    return Duration.millis(Math.max(task.expectedEnd.getTime() - now.getTime(), 0))
  if (task.elapsed === undefined || task.steps === undefined) return undefined
  const rest = restAtPace(Duration.toMillis(task.elapsed), Progress.fraction(task.steps))
  return rest === undefined ? undefined : Duration.millis(rest)
}

/** Whether a task can hold its job open: neither over nor unknown to the server. */
const isOpen = (task: Job.Task): boolean => task.phase !== "unknown" && !Phase.isTerminal(task.phase)

/**
 * What the policy remembers of one task between polls: where its current pass
 * began, and the fraction done and the estimate when it last moved.
 */
export const TaskTrack = Schema.Struct({
  id: Schema.String,
  /** `Progress.fraction` of the task's steps when it last moved. */
  fraction: Schema.Finite,
  /**
   * The running time, in milliseconds, at which the task's current pass began:
   * 0, or when its fraction last fell (a product that starts its steps over,
   * as the enhanced position does with other UVOT filters).
   */
  origin: Schema.Finite,
  /** When the fraction moved (taken as halfway between the two polls that saw it), in epoch milliseconds. */
  at: Schema.Finite,
  /** The remaining time estimated at `at`, in milliseconds, when there was one. */
  remaining: Schema.optionalKey(Schema.Finite),
  /**
   * Where the task stood at the polls that saw it, one per bin of the fraction
   * done (see `Pace`), for what is learned once it ends; kept only while learning.
   */
  seen: Schema.optionalKey(Schema.Array(Schema.Struct({ fraction: Schema.Finite, at: Schema.Finite }))),
  /** The task's running time at the poll that last saw it open, in milliseconds; kept with `seen`. */
  seenElapsed: Schema.optionalKey(Schema.Finite)
})

/** What the policy remembers of one task between polls. */
export interface TaskTrack extends Schema.Schema.Type<typeof TaskTrack> {}

/** The remaining time of a job's tasks, and the tracks to remember. */
export interface Estimate {
  /** The largest remaining time of the open tasks that have one, in milliseconds. */
  readonly remaining: number | undefined
  /** Whether every open task has one, so that `remaining` is the job's. */
  readonly complete: boolean
  readonly tracks: ReadonlyArray<TaskTrack>
  /** Tasks that succeeded since the previous poll, with where they stood at each poll: what `Pace` learns from. */
  readonly finished: ReadonlyArray<Pace.Finished>
}

/** What was learned of the tasks' pace, and the Source whose tasks to read it for. */
export interface Learned {
  readonly book: Pace.Book
  readonly source: string
}

/**
 * The remaining time of a job's open tasks, from a snapshot and what earlier
 * polls saw. A task with an `expectedEnd` from the server is taken at its
 * word; any other is estimated as in {@link ofTask}, corrected by its history: a fraction that moved since the previous poll (`polledAt`) is taken
 * to have moved halfway between the two polls; a fraction that fell starts a
 * new pass, timed from then on; and while a fraction stands still (a step
 * without a counter), the estimate made when it last moved counts down
 * instead of growing with the running time.
 */
export const estimate = (
  snapshot: Job.Snapshot,
  tracks: ReadonlyArray<TaskTrack>,
  polledAt: number | undefined,
  learned?: Learned
): Estimate => {
  const now = snapshot.observedAt.getTime()
  const movedAt = polledAt !== undefined && polledAt < now ? (polledAt + now) / 2 : now
  const kept: Array<TaskTrack> = []
  const finished: Array<Pace.Finished> = []
  let remaining: number | undefined
  let complete = true
  for (const task of snapshot.tasks) {
    if (!isOpen(task)) {
      const ended = learned === undefined ? undefined : endedTask(task, tracks, now, polledAt)
      if (ended !== undefined) finished.push({ source: learned!.source, task: task.id, ...ended })
      continue
    }
    if (task.expectedEnd !== undefined) {
      remaining = Math.max(remaining ?? 0, task.expectedEnd.getTime() - now, 0)
      continue
    }
    if (task.elapsed === undefined || task.steps === undefined || !Duration.isFinite(task.elapsed)) {
      complete = false
      continue
    }
    const elapsed = Duration.toMillis(task.elapsed)
    const fraction = Progress.fraction(task.steps)
    const before = tracks.find((track) => track.id === task.id)
    const moved =
      before !== undefined && before.fraction === fraction && before.at <= now
        ? before
        : moveTrack(task.id, fraction, elapsed - (now - movedAt), movedAt, before)
    // A task that started its steps over (origin > 0) is off the learned pace: estimated as before, and not learned from.
    // Both read at the instant the fraction last moved, so that while it stands still the estimate counts down.
    const learning = learned !== undefined && moved.origin === 0
    const movedElapsed = elapsed - (now - moved.at)
    const track = learning
      ? { ...moved, seen: seenAfter(before, fraction, movedElapsed), seenElapsed: elapsed }
      : moved
    kept.push(track)
    const total = learning
      ? Pace.totalFrom(learned.book, learned.source, task.id, fraction, movedElapsed)
      : undefined
    if (total !== undefined) remaining = Math.max(remaining ?? 0, total - elapsed, 0)
    else if (track.remaining === undefined) complete = false
    else remaining = Math.max(remaining ?? 0, track.remaining - (now - track.at), 0)
  }
  return { remaining, complete: complete && remaining !== undefined, tracks: kept, finished }
}

/**
 * Where a task that succeeded since the previous poll stood at the polls that
 * saw it, and its whole running time: as the server said, or (a UKSSDC product reports
 * none once done) what it had run at the previous poll plus half the time since.
 */
const endedTask = (
  task: Job.Task,
  tracks: ReadonlyArray<TaskTrack>,
  now: number,
  polledAt: number | undefined
): Omit<Pace.Finished, "source" | "task"> | undefined => {
  if (task.phase !== "succeeded") return undefined
  const before = tracks.find((track) => track.id === task.id)
  if (before?.seen === undefined) return undefined
  const total =
    task.elapsed !== undefined && Duration.isFinite(task.elapsed)
      ? Duration.toMillis(task.elapsed)
      : before.seenElapsed !== undefined && polledAt !== undefined && polledAt <= now
        ? before.seenElapsed + (now - polledAt) / 2
        : undefined
  return total === undefined ? undefined : { seen: before.seen, total }
}

/** Where a task stood at the polls so far, with this one added when it is the first in its bin. */
const seenAfter = (
  before: TaskTrack | undefined,
  fraction: number,
  elapsed: number
): ReadonlyArray<Pace.Seen> => {
  const seen = before?.seen ?? []
  const bin = Pace.binOf(fraction)
  if (bin === undefined || seen.some((earlier) => Pace.binOf(earlier.fraction) === bin)) return seen
  return [...seen, { fraction, at: elapsed }]
}

/** A task's track after its fraction moved at `at`, when it had been running `elapsed` ms. */
const moveTrack = (
  id: string,
  fraction: number,
  elapsed: number,
  at: number,
  before: TaskTrack | undefined
): TaskTrack => {
  const origin = before === undefined ? 0 : fraction < before.fraction ? Math.max(elapsed, 0) : before.origin
  const rest = restAtPace(elapsed - origin, fraction)
  return { id, fraction, origin, at, ...(rest === undefined ? {} : { remaining: rest }) }
}

/**
 * The job's remaining time estimated from one snapshot: the largest
 * {@link ofTask} of its open tasks, or `undefined` when it cannot be told
 * (the job is over, or a task is queued, waiting, or reports no steps and no
 * expected end).
 */
export const ofJob = (snapshot: Job.Snapshot): Duration.Duration | undefined => {
  const { remaining, complete } = estimate(snapshot, [], undefined)
  return complete && remaining !== undefined ? Duration.millis(remaining) : undefined
}
