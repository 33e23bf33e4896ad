/**
 * The Markdown renderer: a `Job.Snapshot` as a GitHub-flavoured report for an
 * issue, a chat or a notebook. A heading for the job, a table summing up its
 * tasks, then per task a heading, its phase and the server's status, its steps
 * as a nested task list (`- [x]` done, `- [ ]` to do, the active one in bold
 * with its extra text), its running time, error, warnings, what it produced
 * (links, positions, visibility windows as a table, identifiers) and log. A
 * job is titled by its Source (`options.sources`). Every
 * string from a server is escaped ({@link Escape}); the only links are to
 * outputs whose URL works wherever the report is read (`Href.resolve`: absolute
 * http(s), or relative to an absolute job page); a log is shown verbatim in
 * a fenced block ({@link Fence}); inline HTML in a steps note becomes Markdown
 * emphasis or plain text ({@link InlineHtml}).
 *
 * It is a fold with one handler per node kind of the core's `Renderer`
 * contract: {@link defaultHandlers} can be extended with
 * `Renderer.extend` to replace one and keep the rest.
 *
 * @example
 * ```ts
 * import { Renderer } from "@jobscope/core"
 * import { Markdown } from "@jobscope/markdown"
 *
 * Markdown.render(snapshot, { headingLevel: 3 })
 *
 * const withoutLogs = Renderer.make(Renderer.extend(Markdown.defaultHandlers, { log: () => "" }), Markdown.defaults)
 * withoutLogs(snapshot)
 * ```
 */
import {
  Clock,
  Coordinates,
  Elapsed,
  Href,
  Job,
  KnownSources,
  type Phase,
  Renderer,
  type Source,
  UtcTime
} from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as Escape from "./Escape.js"
import * as Fence from "./Fence.js"
import * as InlineHtml from "./InlineHtml.js"
import { jobIcon, phaseIcon, taskName } from "./internal/words.js"
import * as Summary from "./Summary.js"

/** Options of the Markdown renderer. */
export interface Options {
  /** The level of the job's heading, from 1 to 5; each task's heading is one deeper (default: 2). */
  readonly headingLevel: number
  /** Put an emoji before phases and the job's heading, such as ✅ succeeded (default: true). */
  readonly icons: boolean
  /** Open the report with a table of every task (default: true). */
  readonly summary: boolean
  /** The Sources that name a job by its snapshot's `source` id (default: `KnownSources.registry`). */
  readonly sources: Source.Registry
  /**
   * The clock the server's times are on (a task's start and end, the
   * server's time, a window), said next to them: `"simulator"` for a
   * jobscope simulator (default: `"server"`). When the report was made is
   * always said to be on your clock.
   */
  readonly serverClock: Clock.Clock
}

/** The options used where a caller gives none. */
export const defaults: Options = {
  headingLevel: 2,
  icons: true,
  summary: true,
  sources: KnownSources.registry,
  serverClock: "server"
}

/** A complete set of Markdown handlers. */
export type Handlers = Renderer.Handlers<string, Options>

/** Blocks of Markdown, each separated by a blank line; empty ones are left out. */
const blocks = (parts: ReadonlyArray<string>): string => parts.filter((part) => part !== "").join("\n\n")

/** Lines of Markdown, such as the items of a list; empty ones are left out. */
const lines = (parts: ReadonlyArray<string>): string => parts.filter((part) => part !== "").join("\n")

const heading = (level: number, text: string): string =>
  `${"#".repeat(Math.min(6, Math.max(1, Math.trunc(level) || 1)))} ${text}`

/** Where a person can watch a job or a task, as the server gave it: shown, never a link. */
const page = (url: string | undefined): ReadonlyArray<string> => {
  const shown = url === undefined ? "" : Escape.text(url)
  return shown === "" ? [] : [`page: ${shown}`]
}

/** When the snapshot was taken, what its tasks are doing and where to watch it. */
const about = (snapshot: Job.Snapshot, options: Options): string => {
  const { icons } = options
  const phases = new Map<Phase.Phase, number>()
  for (const task of snapshot.tasks) phases.set(task.phase, (phases.get(task.phase) ?? 0) + 1)
  const count = snapshot.tasks.length
  const tally = [...phases].map(([phase, n]) => `${icons ? `${phaseIcon(phase)} ` : ""}${n} ${phase}`)
  return [
    `As of ${Clock.at(snapshot.observedAt, "observer")}`,
    ...(snapshot.serverTime === undefined
      ? []
      : [`the server said ${Clock.at(snapshot.serverTime, options.serverClock)}`]),
    `${count} ${count === 1 ? "task" : "tasks"}${count === 0 ? "" : `: ${tally.join(", ")}`}`,
    ...page(snapshot.url)
  ].join(" · ")
}

/**
 * A link destination inside `<…>`, where only `<`, `>`, a line break and
 * backslash escapes mean anything; `Href.resolve` lets no space, control
 * character or backslash through, and `&` is escaped so that no character
 * reference is read in the URL.
 */
const destination = (url: string): string =>
  url.replace(/</g, "%3C").replace(/>/g, "%3E").replace(/&/g, "\\&")

/** Visibility windows as a GFM table of begin, end (UTC, on `clock`) and duration, every line after `indent`. */
const windowsTable = (windows: Job.Windows, indent: string, clock: Clock.Clock): string =>
  [
    `| Begin (${Clock.name(clock)}) | End | Duration |`,
    "| --- | --- | --- |",
    ...windows.windows.map(({ begin, end }) => {
      const length = end.getTime() - begin.getTime()
      return `| ${UtcTime.format(begin)} | ${UtcTime.format(end)} | ${Number.isFinite(length) ? Elapsed.human(Duration.millis(length)) : ""} |`
    })
  ]
    .map((line) => indent + line)
    .join("\n")

/** Handlers that only put a node's children one per line, for the node kinds that draw nothing of their own. */
const childLines = Renderer.passThrough<string, Options>(lines)

/** The default handlers, one per node kind; extend them to change one and keep the rest. */
export const defaultHandlers: Handlers = {
  snapshot: (node, state) => {
    const { snapshot } = node
    const { icons, headingLevel, summary } = state.options
    const icon = icons ? `${jobIcon(Job.outcome(snapshot))} ` : ""
    const label = snapshot.label === undefined ? "" : Escape.text(snapshot.label)
    const title = `${icon}${Escape.text(state.options.sources.get(snapshot.source).describeJob(snapshot.jobId))}`
    return blocks([
      heading(headingLevel, label === "" ? title : `${title}: ${label}`),
      about(snapshot, state.options),
      summary ? Summary.table(snapshot, { icons }) : "",
      ...state.all(node)
    ])
  },

  task: (node, state) =>
    blocks([heading(state.options.headingLevel + 1, taskName(node.task)), ...state.all(node)]),

  status: ({ task }, state) => {
    const text = Escape.text(task.text)
    const code =
      task.code === null || String(task.code) === task.text
        ? ""
        : typeof task.code === "number"
          ? String(task.code)
          : Escape.text(task.code)
    return [
      `${state.options.icons ? `${phaseIcon(task.phase)} ` : ""}**${task.phase}**`,
      ...(text === "" && code === "" ? [] : [code === "" ? text : `${text} (code ${code})`.trim()]),
      ...(task.startedAt === undefined
        ? []
        : [
            `started ${task.finishedAt === undefined ? Clock.at(task.startedAt, state.options.serverClock) : UtcTime.format(task.startedAt)}`
          ]),
      ...(task.finishedAt === undefined
        ? []
        : [`finished ${Clock.at(task.finishedAt, state.options.serverClock)}`]),
      ...page(task.url)
    ].join(" · ")
  },

  progress: (node, state) => {
    const done = Summary.stepsDone(node.task.steps)
    return blocks([done === "" ? "" : `**Steps:** ${done}`, ...state.all(node)])
  },

  note: ({ text }) => InlineHtml.toMarkdown(text),

  steps: childLines.steps,

  step: (node, state) => {
    const { step } = node
    const label = Escape.text(step.label) || "(no label)"
    const extra =
      step.extra !== undefined
        ? Escape.text(step.extra)
        : step.counter === undefined
          ? ""
          : `${step.counter.current} of ${step.counter.total}`
    const line = [
      "  ".repeat(Math.max(0, state.depth - 1)),
      step.state === "done" ? "- [x] " : "- [ ] ",
      step.state === "active" ? `**${label}**` : label,
      extra === "" ? "" : ` — ${extra}`
    ].join("")
    return lines([line, ...state.all(node)])
  },

  elapsed: ({ elapsed }) => `**Running time:** ${Elapsed.human(elapsed)}`,

  message: ({ text }) => `**Error:** ${Escape.lines(text)}`.trimEnd(),

  warnings: ({ warnings }, state) =>
    blocks([
      `${state.options.icons ? "⚠️ " : ""}**Warnings:**`,
      warnings.map((warning) => `- ${Escape.lines(warning, "  ")}`.trimEnd()).join("\n")
    ]),

  outputs: (node, state) => blocks(["**Outputs:**", lines(state.all(node)).trimEnd()]),

  output: ({ output }, state) => {
    const href = Href.ofOutput(output, state.path)
    const label = Escape.text(output.label) || "(unnamed output)"
    const name =
      href !== undefined
        ? `[${label}](<${destination(href)}>)`
        : output.url === undefined || Escape.text(output.url) === ""
          ? label
          : `${label}: ${Escape.text(output.url)}`
    const value = output.value
    if (value === undefined) return `- ${name}`
    switch (value._tag) {
      case "Position":
        return `- ${name}: ${Coordinates.format(value)} (${Coordinates.sexagesimal(value)})`
      case "Identifier":
        return `- ${name}: ${Escape.text(value.value) || "(none)"}`
      case "Windows":
        return value.windows.length === 0
          ? `- ${name}: none`
          : `- ${name}:\n\n${windowsTable(value, "  ", state.options.serverClock)}\n`
      default:
        return `- ${name}`
    }
  },

  log: ({ text }) => blocks(["**Log:**", Fence.block(text)])
}

/**
 * Renders a snapshot (or any node of one) as GitHub-flavoured Markdown.
 *
 * @example
 * ```ts
 * const report = Markdown.render(Ukssdc.toSnapshot(reply, { observedAt: new Date() }), { summary: false })
 * ```
 */
export const render: Renderer.Renderer<string, Options> = Renderer.make(defaultHandlers, defaults)
