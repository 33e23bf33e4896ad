import type { Job } from "@jobscope/core"
import * as Duration from "effect/Duration"

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
