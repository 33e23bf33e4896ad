/** A task for tests of what reads tasks: its phase doubling as code and text. */
import type { Job, Phase } from "@jobscope/core"

/** A task with id `id` in `phase`, its label the id, and `extra` fields on top. */
export const task = (id: string, phase: Phase.Phase, extra: Partial<Job.Task> = {}): Job.Task => ({
  id,
  label: id,
  phase,
  code: phase,
  text: phase,
  ...extra
})
