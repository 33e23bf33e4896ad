/**
 * The terminal renderer: a `Job.Snapshot` as lines of text for a person at a
 * terminal. A line for the job, then a line per task (a marker for its phase,
 * its name, the server's status, a progress bar, the running time and an ETA),
 * and under it its error and warnings (wrapped, never cut: every word of an
 * error counts) and, unless it succeeded or was cancelled (or with
 * `allSteps`), its steps as an indented tree, the note about them and the
 * tail of its log, and what it produced (`⊕` links, positions, visibility
 * windows, identifiers). The job is named by its Source (`options.sources`).
 * Every string from a server goes through `Style.sanitize`, and no line is
 * wider than `options.width` columns.
 *
 * It is a fold with one handler per node kind of the core's `Renderer`
 * contract: {@link handlers} can be extended with `Renderer.extend` to
 * replace one and keep the rest.
 *
 * @example
 * ```ts
 * import { Renderer } from "@jobscope/core"
 * import * as Text from "./Text.js"
 *
 * console.log(Text.text(snapshot, { color: true, width: process.stdout.columns }))
 * // UKSSDC job 42 · GRB 210316A
 * //   ▶ Spectrum  Running (3)  [█████░░░░░] 54% 1/2 steps  00:20:40  ETA ~17 min
 * //     ✓ Prepare data.
 * //     ▶ Build spectra.  [░░░░░░░░░░] 8% — Working on spectrum: Obs_00081637001 (14/156)
 *
 * const withoutLogs = Renderer.make(Renderer.extend(Text.handlers, { log: () => "" }), Text.defaults)
 * ```
 */
import {
  Clock,
  Coordinates,
  Elapsed,
  Eta,
  Href,
  InlineText,
  Job,
  type Phase,
  Progress,
  Renderer,
  type Source,
  UtcTime
} from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as ProgressBar from "./ProgressBar.js"
import * as Sources from "./Sources.js"
import * as Style from "./Style.js"

/** Options of the terminal renderer. */
export interface Options {
  /** Colour (default: false). */
  readonly color: boolean
  /** Columns lines are cut to (default: 80). */
  readonly width: number
  /** Show the steps and the log of tasks that succeeded or were cancelled too (default: false). */
  readonly allSteps: boolean
  /** How many of the last lines of a task's log to show (default: 5). */
  readonly logLines: number
  /** How many of an output's visibility windows to list (default: 5). */
  readonly windowLines: number
  /** The Sources that name a job by its snapshot's `source` id (default: `Sources.registry`: the built-in APIs and UWS). */
  readonly sources: Source.Registry
  /**
   * How many times faster than real time the server's clock runs, when it
   * is a simulator: its times are then said to be on the simulator's clock,
   * and an ETA also says how long it is here (default: undefined, a real server).
   */
  readonly speed: number | undefined
  /**
   * Fold each task that succeeded or was cancelled to its one line, with how
   * many things it produced, so a live frame keeps to the tasks still under
   * way (default: false: what a task produced is listed under it).
   */
  readonly fold: boolean
}

/** The options used where a caller gives none. */
export const defaults: Options = {
  color: false,
  width: 80,
  allSteps: false,
  logLines: 5,
  windowLines: 5,
  sources: Sources.registry,
  speed: undefined,
  fold: false
}

/** Cells of the progress bars, inside their brackets. */
const barWidth = 10

/** Where the lines under a task start. */
const detailIndent = "    "

/** Server text for one line. */
const oneLine = (text: string): string => Style.sanitize(text, { singleLine: true })

/** Server text that may span lines, as its lines. */
const manyLines = (text: string): ReadonlyArray<string> => Style.sanitize(text).split("\n")

/**
 * The job as its Source names it: `UKSSDC job 42`, `Swift TOO job 1190`,
 * `TOM target 7`, `UWS job q7f3k2`; `pipeline job r-42` for a source the registry does not hold
 * (default registry: `Sources.registry`).
 */
export const jobName = (snapshot: Job.Snapshot, sources: Source.Registry = Sources.registry): string =>
  oneLine(sources.get(snapshot.source).describeJob(snapshot.jobId))

const phaseMarkers: Readonly<Record<Phase.Phase, readonly [string, keyof Omit<Style.Style, "color">]>> = {
  pending: ["·", "dim"],
  queued: ["·", "dim"],
  waiting: ["·", "dim"],
  running: ["▶", "cyan"],
  succeeded: ["✓", "green"],
  failed: ["✗", "red"],
  cancelled: ["⊘", "yellow"],
  unknown: ["?", "dim"]
}

/**
 * The marker of a task's phase: `✓` succeeded (green), `▶` running (cyan),
 * `·` pending, queued or waiting (dim), `✗` failed (red), `⊘` cancelled
 * (yellow), `?` unknown to the server (dim).
 */
export const marker = (phase: Phase.Phase, style: Style.Style = Style.plain): string => {
  const [mark, paint] = Object.hasOwn(phaseMarkers, phase) ? phaseMarkers[phase] : phaseMarkers.unknown
  return style[paint](mark)
}

const stepMarkers: Readonly<Record<Progress.State, readonly [string, "green" | "cyan" | "dim"]>> = {
  done: ["✓", "green"],
  active: ["▶", "cyan"],
  pending: ["·", "dim"]
}

/** The marker of a step's state: `✓` done (green), `▶` active (cyan), `·` pending (dim). */
export const stepMarker = (state: Progress.State, style: Style.Style = Style.plain): string => {
  const [mark, paint] = Object.hasOwn(stepMarkers, state) ? stepMarkers[state] : stepMarkers.pending
  return style[paint](mark)
}

/** A span of time as people say it, to its largest unit: `8 s`, `3 min`, `1 h 20 min` (`Clock.rough`). */
export const duration = Clock.rough

/**
 * An estimate of the time left, in the server's time: `ETA ~3 min`; with a
 * simulator running `speed` times fast, also how long that is here:
 * `ETA ~3 min simulated (3 s here at 60×)` (`Clock.timeLeft`).
 */
export const eta = (span: Duration.Duration, speed?: number | undefined): string =>
  `ETA ${Clock.timeLeft(span, speed)}`

/**
 * The server's status text, and its code only when that is a word of its
 * own: a number (the UKSSDC's `4` for "Complete") is the server's bookkeeping,
 * not news to a person.
 */
export const statusWords = (text: string, code: Job.Task["code"], style: Style.Style): string => {
  const shown = oneLine(text)
  const extra =
    code === null || typeof code === "number" || String(code) === text ? "" : style.dim(`(${oneLine(code)})`)
  return [shown, extra].filter((part) => part !== "").join(" ")
}

/** Whether a task is folded to its one line: with `fold`, once it succeeded or was cancelled. */
const folded = (task: Job.Task, options: Options): boolean =>
  options.fold && (task.phase === "succeeded" || task.phase === "cancelled")

/** Whether the steps and log of a task are shown: unless it succeeded or was cancelled, or with `allSteps`. */
const detailed = (task: Job.Task, options: Options): boolean =>
  options.allSteps || (task.phase !== "succeeded" && task.phase !== "cancelled")

/** Lines, the empty ones left out. */
const lines = (parts: ReadonlyArray<string>): string => parts.filter((part) => part !== "").join("\n")

const styleOf = (options: Options): Style.Style => Style.make(options.color)

/** The task's steps summed up on its line: a bar and how many top-level steps are done. */
const stepsSummary = (task: Job.Task, style: Style.Style): string => {
  if (task.steps === undefined || task.steps.length === 0) return ""
  const counts = Progress.counts(task.steps)
  return `${ProgressBar.render(Progress.fraction(task.steps), barWidth, style)} ${counts.done}/${counts.total} steps`
}

/**
 * Server text that may span lines, under a task (an error, a warning): the
 * first line after `lead`, the others lined up under it, wrapped to the width
 * rather than cut, since every word of an error counts.
 */
const block = (
  text: string,
  lead: string,
  paint: (text: string) => string,
  options: Options
): ReadonlyArray<string> => {
  const under = " ".repeat(Style.width(lead))
  const room = options.width - detailIndent.length - under.length
  const shown = manyLines(text)
    .filter((line) => line.trim() !== "")
    .flatMap((line) => Style.wrap(line, room))
  return shown.map((line, index) =>
    Style.truncate(`${detailIndent}${paint(`${index === 0 ? lead : under}${line}`)}`, options.width)
  )
}

/** A visibility window on one line (UTC, on the server's clock): `2026-12-07 00:12:31 UTC → 00:36:42 UTC (24 min 11 s)`. */
export const window = (span: Job.Window): string => {
  const length = span.end.getTime() - span.begin.getTime()
  const sameDay = UtcTime.format(span.begin).slice(0, 10) === UtcTime.format(span.end).slice(0, 10)
  const end = sameDay ? UtcTime.format(span.end).slice(11) : UtcTime.format(span.end)
  return `${UtcTime.format(span.begin)} → ${end}${Number.isFinite(length) ? ` (${Elapsed.human(Duration.millis(length))})` : ""}`
}

/**
 * What a task produced, on one line, for a terminal: its label, then its link
 * (resolved against the job's page `base` when relative, so that it works
 * where it is read), position, identifier or number of windows:
 * `Light curve archive: https://…/lc.tar.gz`, `Position: RA 219.28707°, Dec
 * −62.65333° ± 1.6″ (14h 37m 08.90s, −62° 39′ 12.0″)`, `TOO id: 13860`,
 * `Visibility windows (UTC, simulator clock): 3 windows` (times on `clock`).
 */
export const output = (
  produced: Job.Output,
  base?: string | undefined,
  clock: Clock.Clock = "server"
): string => {
  const value = produced.value
  const label = `${oneLine(produced.label) || "(unnamed output)"}${value?._tag === "Windows" && value.windows.length > 0 ? ` (UTC, ${Clock.name(clock)})` : ""}`
  const said =
    value === undefined
      ? ""
      : value._tag === "Position"
        ? `${Coordinates.format(value)} (${Coordinates.sexagesimal(value)})`
        : value._tag === "Identifier"
          ? oneLine(value.value)
          : value.windows.length === 1
            ? window(value.windows[0]!)
            : `${value.windows.length} windows`
  const url = produced.url === undefined ? "" : oneLine(Href.resolve(produced.url, base) ?? produced.url)
  return `${label}${[said, url]
    .filter((part) => part !== "")
    .map((part, index) => (index === 0 ? `: ${part}` : `  ${part}`))
    .join("")}`
}

/** Handlers that only put a node's children one per line, for the node kinds that draw nothing of their own. */
const childLines = Renderer.passThrough<string, Options>(lines)

/** The handlers of the terminal renderer, one per node kind. */
export const handlers: Renderer.Handlers<string, Options> = {
  snapshot: (node, state) => {
    const { snapshot } = node
    const style = styleOf(state.options)
    const outcome = Job.outcome(snapshot)
    const label = snapshot.label === undefined ? "" : oneLine(snapshot.label)
    const url = snapshot.url === undefined ? "" : oneLine(snapshot.url)
    const head = [
      style.bold(jobName(snapshot, state.options.sources)),
      label,
      outcome === undefined ? "" : `${marker(outcome, style)} ${outcome}`
    ]
    return lines([
      Style.truncate(head.filter((part) => part !== "").join(" · "), state.options.width),
      url === "" ? "" : Style.truncate(`  ${style.dim(`page: ${url}`)}`, state.options.width),
      snapshot.tasks.length === 0 ? Style.truncate(`  ${style.dim("no tasks")}`, state.options.width) : "",
      ...state.all(node)
    ])
  },

  task: (node, state) => {
    // The status and the running time share the task's line; the rest goes under it, unless folded.
    const fold = folded(node.task, state.options)
    const head: Array<string> = []
    const body: Array<string> = []
    for (const child of Renderer.children(node)) {
      if (fold && child.type !== "status" && child.type !== "elapsed") continue
      const output = state.render(child)
      if (child.type === "status" || child.type === "elapsed") head.push(output)
      else body.push(output)
    }
    const [status = "", ...times] = head
    const made = node.task.outputs?.length ?? 0
    const line = [
      status,
      stepsSummary(node.task, styleOf(state.options)),
      ...times,
      fold && made > 0
        ? `${styleOf(state.options).green("⊕")} ${made} ${made === 1 ? "output" : "outputs"}`
        : ""
    ]
    return lines([
      Style.truncate(`  ${line.filter((part) => part !== "").join("  ")}`, state.options.width),
      ...body
    ])
  },

  status: ({ task }, state) => {
    const style = styleOf(state.options)
    const label = oneLine(task.label) || "(unnamed task)"
    const said = statusWords(task.text, task.code, style)
    return `${marker(task.phase, style)} ${label}${said === "" ? "" : `  ${said}`}`
  },

  progress: (node, state) => (detailed(node.task, state.options) ? lines(state.all(node)) : ""),

  note: ({ text }, state) => {
    const shown = oneLine(InlineText.toPlain(text)).replace(/ {2,}/g, " ").trim()
    return shown === "" ? "" : Style.truncate(`${detailIndent}${shown}`, state.options.width)
  },

  steps: childLines.steps,

  step: (node, state) => {
    const { step } = node
    const style = styleOf(state.options)
    const active = step.state === "active"
    const label = oneLine(step.label) || "(no label)"
    const extra =
      step.extra !== undefined
        ? oneLine(step.extra)
        : step.counter === undefined
          ? ""
          : `${step.counter.current}/${step.counter.total}`
    const counter = step.counter
    const line = [
      `${detailIndent}${"  ".repeat(Math.max(state.depth - 1, 0))}${stepMarker(step.state, style)} `,
      active ? style.bold(label) : step.state === "pending" ? style.dim(label) : label,
      active && counter !== undefined
        ? `  ${ProgressBar.render(Math.max(counter.current - 1, 0) / counter.total, barWidth, style)}`
        : "",
      extra === "" ? "" : ` — ${active ? extra : style.dim(extra)}`
    ].join("")
    return lines([Style.truncate(line, state.options.width), ...state.all(node)])
  },

  elapsed: ({ task, elapsed }, state) => {
    const root = state.path[0]
    // An ETA from the server's expected end needs the time of the snapshot; one from the steps does not.
    const now = root?.type === "snapshot" ? root.snapshot.observedAt : undefined
    const left =
      task.phase === "running" && (now !== undefined || task.expectedEnd === undefined)
        ? Eta.ofTask(task, now ?? new Date(0))
        : undefined
    return `${Elapsed.format(elapsed)}${left === undefined ? "" : `  ${eta(left, state.options.speed)}`}`
  },

  message: ({ text }, state) => lines(block(text, "✗ ", styleOf(state.options).red, state.options)),

  warnings: ({ warnings }, state) =>
    lines(warnings.flatMap((warning) => block(warning, "! ", styleOf(state.options).yellow, state.options))),

  outputs: childLines.outputs,

  output: ({ output: produced }, state) => {
    const style = styleOf(state.options)
    const head = block(
      output(produced, Href.pageOf(state.path), Clock.ofServer(state.options.speed)),
      "⊕ ",
      (text) => text,
      state.options
    )
    const value = produced.value
    if (value?._tag !== "Windows" || value.windows.length < 2) return lines(head)
    const keep = Math.max(Math.floor(state.options.windowLines) || 0, 0)
    const more = value.windows.length - Math.min(keep, value.windows.length)
    return lines([
      ...head,
      ...value.windows
        .slice(0, keep)
        .map((span) => Style.truncate(`${detailIndent}  ${window(span)}`, state.options.width)),
      more === 0
        ? ""
        : Style.truncate(
            `${detailIndent}  ${style.dim(`… ${more} more ${more === 1 ? "window" : "windows"}`)}`,
            state.options.width
          )
    ])
  },

  log: ({ task, text }, state) => {
    if (!detailed(task, state.options)) return ""
    const style = styleOf(state.options)
    const all = manyLines(text).filter((line) => line.trim() !== "")
    const keep = Math.max(Math.floor(state.options.logLines) || 0, 0)
    const shown = keep === 0 ? [] : all.slice(-keep)
    const earlier = all.length - shown.length
    return lines([
      earlier === 0
        ? ""
        : Style.truncate(
            `${detailIndent}${style.dim(`│ … ${earlier} earlier ${earlier === 1 ? "line" : "lines"}`)}`,
            state.options.width
          ),
      ...shown.map((line) => Style.truncate(`${detailIndent}${style.dim(`│ ${line}`)}`, state.options.width))
    ])
  }
}

/**
 * Renders a snapshot (or any node of one) as lines of text for a terminal,
 * without a final newline.
 *
 * @example
 * ```ts
 * process.stdout.write(`${Text.text(snapshot, { color: true, width: process.stdout.columns - 1 })}\n`)
 * ```
 */
export const text: Renderer.Renderer<string, Options> = Renderer.make(handlers, defaults)
