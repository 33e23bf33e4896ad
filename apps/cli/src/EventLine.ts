/**
 * One line per job event, for output that is not a terminal (CI logs, pipes,
 * files): each line names the job and the task, so lines of several jobs can
 * be told apart once interleaved, and holds no cursor movement.
 *
 * @example
 * ```ts
 * import { Job, Ukssdc } from "@jobscope/core"
 * import * as EventLine from "./EventLine.js"
 * import * as Style from "./Style.js"
 *
 * for (const event of Job.diff(previous, snapshot, Ukssdc.source)) console.log(EventLine.format(snapshot, event, Style.plain))
 * // UKSSDC job 42 · Spectrum: ✓ Prepare data.
 * // UKSSDC job 42 · Spectrum: ▶ Build spectra. — Working on spectrum: Obs_00081637001 (14/156)
 * // UKSSDC job 42 · Light curve: ✓ running → succeeded · Complete
 * // UKSSDC job 42 · Light curve: ⊕ Light curve archive: https://www.swift.ac.uk/…/lc.tar.gz
 * ```
 */
import { Job, type Progress, type Source } from "@jobscope/core"
import * as Sources from "./Sources.js"
import * as Style from "./Style.js"
import * as Text from "./Text.js"

const oneLine = (text: string): string => Style.sanitize(text, { singleLine: true })

/** Where a step is, from the top: `Build spectra. › Fit spectrum.`. */
const stepPath = (at: Progress.Location): string => at.labels.map(oneLine).join(" › ")

/**
 * An event as text: one line, or for `LogAppended` one line per line the log
 * gained (blank ones left out; "" when it gained nothing but blank lines),
 * joined with `\n`, without a final newline. The task is named by its label
 * in `snapshot` (the snapshot the event led to), or by its id when the
 * snapshot no longer has it, and the job by its Source in `sources` (default:
 * `Sources.registry`). Every server string goes through `Style.sanitize`.
 *
 * - `TaskAdded`: `UKSSDC job 42 · Spectrum: · added, queued`
 * - `PhaseChanged`: `… · Light curve: ✓ running → succeeded · Complete`, or the new status alone when the phase stayed;
 *   into `failed`, with the task's message: `… · timelapse: ✗ pending → failed · failed — fewer than 2 frames`
 * - `StepStarted`: `… · Spectrum: ▶ Build spectra. — Working on spectrum (14/156)`
 * - `StepDone`: `… · Spectrum: ✓ Prepare data.`
 * - `CounterAdvanced`: `… · Spectrum: ▶ Build spectra. (15/156)`
 * - `LogAppended`: `… · astrosource: │ Found 214 comparison stars`
 * - `OutputAdded`: `… · Light curve: ⊕ Light curve archive: https://…/lc.tar.gz` (`Text.output`: a
 *   relative URL resolved against the job's page), `… · request: ⊕ TOO id: 13860`
 * - `OutputChanged`: `… · Enhanced position: ⊕ changed: Position: RA 219.28721°, Dec −62.65318° ± 1.6″ (…)`
 * - `Anomaly`: `… · Spectrum: anomaly: a product went back from succeeded to running`
 */
export const format = (
  snapshot: Job.Snapshot,
  event: Job.Event,
  style: Style.Style,
  sources: Source.Registry = Sources.registry
): string => {
  const task = Job.task(snapshot, event.taskId)
  const name = oneLine(task?.label ?? "") || oneLine(event.taskId) || "(unnamed task)"
  const prefix = `${Text.jobName(snapshot, sources)} · ${name}: `
  switch (event._tag) {
    case "TaskAdded":
      return `${prefix}${Text.marker(event.phase, style)} added, ${event.phase}`
    case "PhaseChanged": {
      const now = Text.statusWords(event.text, event.code, style)
      const move = event.from === event.to ? "" : `${event.from} → ${event.to}`
      const why = event.to === "failed" && task?.message !== undefined ? ` — ${oneLine(task.message)}` : ""
      return `${prefix}${Text.marker(event.to, style)} ${[move, now].filter((part) => part !== "").join(" · ")}${why}`
    }
    case "StepStarted": {
      const extra = event.extra === undefined ? "" : oneLine(event.extra)
      return `${prefix}${Text.stepMarker("active", style)} ${stepPath(event.at)}${extra === "" ? "" : ` — ${extra}`}`
    }
    case "StepDone":
      return `${prefix}${Text.stepMarker("done", style)} ${stepPath(event.at)}`
    case "CounterAdvanced":
      return `${prefix}${Text.stepMarker("active", style)} ${stepPath(event.at)} (${event.to.current}/${event.to.total})`
    case "LogAppended":
      return Style.sanitize(event.text)
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => `${prefix}${style.dim("│")} ${line}`)
        .join("\n")
    case "OutputAdded":
      return `${prefix}${style.green("⊕")} ${Text.output(event.output, snapshot.url)}`
    case "OutputChanged":
      return `${prefix}${style.green("⊕")} changed: ${Text.output(event.output, snapshot.url)}`
    case "Anomaly": {
      const move =
        event.from === undefined && event.to === undefined
          ? ""
          : ` (${event.from ?? "?"} → ${event.to ?? "?"})`
      return `${prefix}${style.yellow(`anomaly: ${oneLine(event.reason)}${move}`)}`
    }
    default: {
      // Compiles only while every variant has its case; an event from a newer core still gets a line.
      const unknown: never = event
      return `${prefix}${oneLine(String((unknown as { readonly _tag?: unknown })._tag))}`
    }
  }
}
