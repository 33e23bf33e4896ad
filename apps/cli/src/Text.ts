/**
 * The terminal renderer: a `Job.Snapshot` as lines of text for a person at a
 * terminal. A line for the job, then a line per task (a marker for its phase,
 * its name, the server's status, a progress bar, the running time and an ETA),
 * and under it its error and warnings (wrapped, never cut: every word of an
 * error counts) and, unless it succeeded or was cancelled (or with
 * `allSteps`), its steps as an indented tree, the note about them and the
 * tail of its log. Every string from a server goes through `Style.sanitize`,
 * and no line is wider than `options.width` columns.
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
import { Elapsed, Job, type Phase, Poll, Progress, Renderer } from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as ProgressBar from "./ProgressBar.js"
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
}

/** The options used where a caller gives none. */
export const defaults: Options = { color: false, width: 80, allSteps: false, logLines: 5 }

/** Cells of the progress bars, inside their brackets. */
const barWidth = 10

/** Where the lines under a task start. */
const detailIndent = "    "

const sourceNames: Readonly<Record<string, string>> = { ukssdc: "UKSSDC", too: "Swift TOO", tom: "TOM" }

/** Server text for one line. */
const oneLine = (text: string): string => Style.sanitize(text, { singleLine: true })

/** Server text that may span lines, as its lines. */
const manyLines = (text: string): ReadonlyArray<string> => Style.sanitize(text).split("\n")

/** The job as people name it: `UKSSDC job 42`, `Swift TOO job 1190`, `TOM job target/7`. */
export const jobName = (snapshot: Job.Snapshot): string =>
  `${Object.hasOwn(sourceNames, snapshot.source) ? sourceNames[snapshot.source] : oneLine(snapshot.source)} job ${oneLine(snapshot.jobId)}`

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

/**
 * A duration as people say it, rounded: `8 s`, `3 min`, `1 h 20 min`
 * (`?` for one that is not finite).
 */
export const duration = (span: Duration.Duration): string => {
  const millis = Duration.toMillis(span)
  if (!Number.isFinite(millis)) return "?"
  const seconds = Math.max(Math.round(millis / 1000), 0)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`
}

/** An estimate of the time left: `ETA ~3 min`. */
export const eta = (span: Duration.Duration): string => `ETA ~${duration(span)}`

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

const namedReferences: ReadonlyMap<string, string> = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
  ["nbsp", " "]
])

/** A tag or a comment: up to its `>`, never past the next `<`, so a stray `<` costs one short look. */
const tag = /<[A-Za-z/!?][^<>]*>/g
const reference = /&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});/g

/**
 * The text a browser would show of a little inline HTML (a UKSSDC
 * `PreProgress`: "Trying using the <em>v,b,white</em> filters:"): tags
 * dropped, character references decoded. Still untrusted: a reference may
 * decode to a control character, so the result goes through `Style.sanitize`.
 */
const htmlText = (html: string): string =>
  html.replace(tag, "").replace(reference, (whole, name: string) => {
    if (!name.startsWith("#")) return namedReferences.get(name) ?? whole
    const point = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1))
    return point === 0 || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)
      ? "\ufffd"
      : String.fromCodePoint(point)
  })

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

/** The handlers of the terminal renderer, one per node kind. */
export const handlers: Renderer.Handlers<string, Options> = {
  snapshot: (node, state) => {
    const { snapshot } = node
    const style = styleOf(state.options)
    const outcome = Job.outcome(snapshot)
    const label = snapshot.label === undefined ? "" : oneLine(snapshot.label)
    const url = snapshot.url === undefined ? "" : oneLine(snapshot.url)
    const head = [
      style.bold(jobName(snapshot)),
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
    // The status and the running time share the task's line; the rest goes under it.
    const head: Array<string> = []
    const body: Array<string> = []
    for (const child of Renderer.children(node)) {
      const output = state.render(child)
      if (child.type === "status" || child.type === "elapsed") head.push(output)
      else body.push(output)
    }
    const [status = "", ...times] = head
    const line = [status, stepsSummary(node.task, styleOf(state.options)), ...times]
    return lines([
      Style.truncate(`  ${line.filter((part) => part !== "").join("  ")}`, state.options.width),
      ...body
    ])
  },

  status: ({ task }, state) => {
    const style = styleOf(state.options)
    const label = oneLine(task.label) || "(unnamed task)"
    const text = oneLine(task.text)
    const code = task.code === null || String(task.code) === task.text ? "" : oneLine(String(task.code))
    const said = [text, code === "" ? "" : style.dim(`(${code})`)].filter((part) => part !== "").join(" ")
    return `${marker(task.phase, style)} ${label}${said === "" ? "" : `  ${said}`}`
  },

  progress: (node, state) => (detailed(node.task, state.options) ? lines(state.all(node)) : ""),

  note: ({ text }, state) => {
    const shown = oneLine(htmlText(text)).replace(/ {2,}/g, " ").trim()
    return shown === "" ? "" : Style.truncate(`${detailIndent}${shown}`, state.options.width)
  },

  steps: (node, state) => lines(state.all(node)),

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

  elapsed: ({ task, elapsed }) => {
    const left = task.phase === "running" ? Poll.taskEta(task) : undefined
    return `${Elapsed.format(elapsed)}${left === undefined ? "" : `  ${eta(left)}`}`
  },

  message: ({ text }, state) => lines(block(text, "✗ ", styleOf(state.options).red, state.options)),

  warnings: ({ warnings }, state) =>
    lines(warnings.flatMap((warning) => block(warning, "! ", styleOf(state.options).yellow, state.options))),

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
