import { Job, Progress } from "@jobscope/core"
import * as Duration from "effect/Duration"

const phaseMarks: Readonly<Record<string, string>> = {
  pending: "·",
  queued: "…",
  waiting: "⏸",
  running: "▶",
  succeeded: "✓",
  failed: "✗",
  cancelled: "⊘",
  unknown: "?"
}

const stepMarks: Readonly<Record<Progress.State, string>> = { pending: "·", active: "▶", done: "✓" }

const clock = (duration: Duration.Duration): string => {
  const seconds = Math.floor(Duration.toSeconds(duration))
  const two = (n: number) => String(n).padStart(2, "0")
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`
}

const stepLines = (steps: Progress.Steps, indent: string): ReadonlyArray<string> =>
  steps.flatMap((step) => [
    `${indent}${stepMarks[step.state]} ${step.label}${step.extra === undefined ? "" : ` — ${step.extra}`}`,
    ...stepLines(step.children, `${indent}  `)
  ])

const taskLines = (task: Job.Task): ReadonlyArray<string> => {
  const facts = [task.phase, JSON.stringify(task.text)]
  if (task.steps !== undefined && task.steps.length > 0) {
    const counts = Progress.counts(task.steps)
    facts.push(`${counts.done}/${counts.total} steps`, `${Math.round(Progress.fraction(task.steps) * 100)}%`)
  }
  if (task.elapsed !== undefined) facts.push(`running ${clock(task.elapsed)}`)
  if (task.message !== undefined) facts.push(`— ${task.message}`)
  return [
    `  ${phaseMarks[task.phase] ?? "?"} ${task.label}: ${facts.join(", ")}`,
    ...(task.stepsNote === undefined ? [] : [`      (${task.stepsNote})`]),
    ...stepLines(task.steps ?? [], "      ")
  ]
}

/** A snapshot as lines of text: the job, then each task with its step tree. */
export const snapshotLines = (snapshot: Job.Snapshot): ReadonlyArray<string> => {
  const outcome = Job.outcome(snapshot)
  const title = `${snapshot.source} job ${snapshot.jobId}${snapshot.label === undefined ? "" : ` (${snapshot.label})`}`
  return [
    `${title}: ${outcome === undefined ? "in progress" : outcome}`,
    ...snapshot.tasks.flatMap(taskLines)
  ]
}

/** An event between two polls as one line of text. */
export const eventLine = (event: Job.Event): string => {
  switch (event._tag) {
    case "TaskAdded":
      return `${event.taskId}: appeared, ${event.phase}`
    case "PhaseChanged":
      return `${event.taskId}: ${event.from} → ${event.to} (${JSON.stringify(event.code)})`
    case "StepStarted":
      return `${event.taskId}: started ${event.at.labels.join(" › ")}`
    case "StepDone":
      return `${event.taskId}: done ${event.at.labels.join(" › ")}`
    case "CounterAdvanced":
      return `${event.taskId}: ${event.at.labels.join(" › ")} now ${event.to.current}/${event.to.total}`
    case "LogAppended":
      return `${event.taskId}: log +${JSON.stringify(event.text)}`
    case "Anomaly":
      return `${event.taskId}: anomaly — ${event.reason}`
  }
}
