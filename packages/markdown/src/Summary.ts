/**
 * The table that sums up every task of a job: its name, phase, the server's
 * status, how far through its steps it is, and how long it has run. The
 * Markdown renderer opens a report with it; a custom `snapshot` handler can
 * reuse it.
 *
 * @example
 * ```ts
 * import { Summary } from "@jobscope/markdown"
 *
 * Summary.table(snapshot)
 * // | Task | Phase | Status | Steps | Running time |
 * // | --- | --- | --- | --- | --- |
 * // | Spectrum | 🔄 running | Running | 1 of 2 done (54%) | 20 min 40 s |
 * ```
 */
import { Elapsed, type Job, Progress } from "@jobscope/core"
import * as Escape from "./Escape.js"
import { runningTime } from "./internal/time.js"
import { phaseWord, taskName } from "./internal/words.js"

/** Options of {@link table}. */
export interface TableOptions {
  /** Put an emoji before each phase, such as ✅ succeeded (default: true). */
  readonly icons?: boolean
}

/** How far through its steps a task is, for people: `1 of 2 done (54%)`; empty without steps. */
export const stepsDone = (steps: Progress.Steps | undefined): string => {
  if (steps === undefined || steps.length === 0) return ""
  const { done, total } = Progress.counts(steps)
  return `${done} of ${total} done (${Math.floor(Progress.fraction(steps) * 100)}%)`
}

const row = (cells: ReadonlyArray<string>): string => `| ${cells.join(" | ")} |`

/** A GFM table with one row per task of the snapshot, or "" when it has none. */
export const table = (snapshot: Job.Snapshot, options: TableOptions = {}): string => {
  if (snapshot.tasks.length === 0) return ""
  const icons = options.icons ?? true
  const header = ["Task", "Phase", "Status", "Steps", "Running time"]
  const rows = snapshot.tasks.map((task) => {
    const time = runningTime(task)
    return row([
      taskName(task),
      phaseWord(task.phase, icons),
      Escape.text(task.text),
      stepsDone(task.steps),
      time === undefined ? "" : Elapsed.human(time)
    ])
  })
  return [row(header), row(header.map(() => "---")), ...rows].join("\n")
}
