import type { Job } from "@jobscope/core"
import * as Duration from "effect/Duration"

/** An instant as people read it in a report: `2021-03-15 22:18:07 UTC`. */
export const formatDate = (date: Date): string =>
  Number.isNaN(date.getTime())
    ? "an unknown time"
    : `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`

const units: ReadonlyArray<readonly [string, number]> = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["min", 60_000],
  ["s", 1_000]
]

/** A duration as people read it: `20 min 40 s`, `1 h`, `350 ms`. */
export const formatDuration = (duration: Duration.Duration): string => {
  const millis = Duration.toMillis(duration)
  if (!Number.isFinite(millis)) return "forever"
  if (millis < 1_000) return `${Math.max(0, Math.round(millis))} ms`
  let rest = Math.floor(millis / 1_000) * 1_000
  const parts: Array<string> = []
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size)
    rest -= count * size
    if (count > 0) parts.push(`${count} ${unit}`)
  }
  return parts.join(" ")
}

/**
 * How long a task has run: the server's own count when it gives one, else the
 * time from its start to its finish when it has both.
 */
export const runningTime = (task: Job.Task): Duration.Duration | undefined => {
  if (task.elapsed !== undefined) return task.elapsed
  if (task.startedAt === undefined || task.finishedAt === undefined) return undefined
  const millis = task.finishedAt.getTime() - task.startedAt.getTime()
  return Number.isFinite(millis) && millis >= 0 ? Duration.millis(millis) : undefined
}
