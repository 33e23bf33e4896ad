import type { Job, Phase } from "@jobscope/core"
import * as Escape from "../Escape.js"

const phaseIcons: Readonly<Record<Phase.Phase, string>> = {
  pending: "🕓",
  queued: "⏳",
  waiting: "⏸️",
  running: "🔄",
  succeeded: "✅",
  failed: "❌",
  cancelled: "🚫",
  unknown: "❔"
}

/** The emoji of a phase, such as ✅ for succeeded. */
export const phaseIcon = (phase: Phase.Phase): string => phaseIcons[phase]

/** A phase as a report shows it, after its emoji when `icons` is on: `✅ succeeded`. */
export const phaseWord = (phase: Phase.Phase, icons: boolean): string =>
  icons ? `${phaseIcon(phase)} ${phase}` : phase

const outcomeIcons: Readonly<Record<Job.Outcome, string>> = { succeeded: "✅", failed: "❌", cancelled: "🚫" }

/** The emoji of a whole job: how it ended, or ⏳ while it runs. */
export const jobIcon = (outcome: Job.Outcome | undefined): string =>
  outcome === undefined ? "⏳" : outcomeIcons[outcome]

/** A task's name as Markdown for a heading or a table cell; a task without one is "(unnamed task)". */
export const taskName = (task: Job.Task): string => Escape.text(task.label) || "(unnamed task)"
