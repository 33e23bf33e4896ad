/**
 * Semantic, themable markup: class names (prefixed `jobscope-`) instead of
 * inline colours, headings, a `<progress>` bar per task whose steps tell how
 * far it is, list items that say their state in words (and `aria-current` on
 * the active step), times as `<time>`, logs in a `<pre>`. Style it with
 * `Stylesheet.css` or your own rules. Every server string is escaped; the
 * steps note keeps only the inline tags of `InlineHtml`; a link (to the
 * job's page, a task's page, an output) is written only where it works where
 * the page is opened (`Href.resolve` against the job's page), else the URL is
 * shown as text. Each time says its clock: when the page was made is on your
 * clock, a task's times and windows on the server's (`serverClock`).
 * What a task produced is a list: links, positions (degrees with their error
 * circle, and sexagesimal), visibility windows as a table, identifiers.
 *
 * @example
 * ```ts
 * import { Semantic } from "@jobscope/html"
 * import { Renderer } from "@jobscope/core"
 *
 * // The same markup with pending steps left out.
 * const busy = Renderer.extend(Semantic.handlers, (base) => ({
 *   step: (node, state) => (node.step.state === "pending" ? "" : base.step(node, state))
 * }))
 * ```
 */
import {
  Clock,
  Coordinates,
  Elapsed,
  Href,
  type Job,
  Phase,
  Progress,
  type Renderer,
  UtcTime
} from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as Escape from "./Escape.js"
import type * as Html from "./Html.js"
import * as InlineHtml from "./InlineHtml.js"

/** What a step's state reads as, to people and screen readers. */
export const stateWords: Readonly<Record<Progress.State, string>> = {
  done: "done",
  active: "in progress",
  pending: "not started"
}

const phases: ReadonlySet<string> = new Set(Phase.Phase.literals)

/** The class of a phase; a phase outside the known ones (from untyped callers) is `unknown`. */
const phaseClass = (phase: string): string => `jobscope-phase-${phases.has(phase) ? phase : "unknown"}`

/** The job's heading level, 1–5; a level that is not a number is 2. */
const headingLevel = (options: Html.Options): number =>
  Number.isFinite(options.headingLevel) ? Math.min(Math.max(Math.trunc(options.headingLevel), 1), 5) : 2

const time = (date: Date): string => {
  if (!UtcTime.isValid(date)) return `<time>${UtcTime.unknownTime}</time>`
  return `<time datetime="${date.toISOString()}">${UtcTime.format(date)}</time>`
}

/**
 * A link to a page the server gave (the job's, a task's), where it works
 * where the page is opened (`Href.resolve` against the job's page `base`);
 * else the URL as text, never followed; "" without a URL.
 */
const link = (url: string | undefined, base: string | undefined, className: string, text: string): string => {
  if (url === undefined || url === "") return ""
  const href = Href.resolve(url, base)
  return href === undefined
    ? `${text} at <code class="${className}">${Escape.html(url)}</code>`
    : `<a class="${className}" href="${Escape.html(href)}">${text}</a>`
}

/** The name of the server's clock, in the options. */
const serverClock = (options: Html.Options): string => Escape.html(Clock.name(options.serverClock))

/** The parts that are not empty, one per line. Concatenated rather than joined: a join copies every part into one flat string. */
const lines = (parts: ReadonlyArray<string>): string => {
  let out = ""
  for (const part of parts) if (part !== "") out = out === "" ? part : `${out}\n${part}`
  return out
}

const taskTimes = (task: Job.Task, options: Html.Options): string => {
  const parts: Array<string> = []
  if (task.startedAt !== undefined) parts.push(`Started ${time(task.startedAt)}`)
  if (task.finishedAt !== undefined)
    parts.push(`${parts.length === 0 ? "Finished" : "finished"} ${time(task.finishedAt)}`)
  return parts.length === 0
    ? ""
    : `<p class="jobscope-times">${parts.join(", ")} <span class="jobscope-clock">(${serverClock(options)})</span>.</p>`
}

/**
 * An output's label: a link to `href` (`Href.ofOutput`: its URL where it works where the page is opened),
 * else the label with the URL after it as text (a javascript: URL included,
 * shown and never followed).
 */
const outputName = (output: Job.Output, href: string | undefined): string => {
  const label = Escape.html(output.label)
  if (output.url === undefined) return `<span class="jobscope-output-label">${label}</span>`
  if (href === undefined)
    return `<span class="jobscope-output-label">${label}</span>: <code class="jobscope-output-url">${Escape.html(output.url)}</code>`
  const type = output.mediaType === undefined ? "" : ` type="${Escape.html(output.mediaType)}"`
  return `<a class="jobscope-output-link" href="${Escape.html(href)}"${type}>${label}</a>`
}

/** A window's begin and end as table cells, and how long it lasts. */
const windowRow = (window: Job.Window): string => {
  const length = window.end.getTime() - window.begin.getTime()
  return `<tr><td>${time(window.begin)}</td><td>${time(window.end)}</td><td>${Number.isFinite(length) ? Elapsed.human(Duration.millis(length)) : ""}</td></tr>`
}

/** What an output's value says: a position, a table of windows (times on `clock`), an identifier. */
const outputValue = (value: Job.OutputValue, clock: string): string => {
  switch (value._tag) {
    case "Position":
      return `: <span class="jobscope-position">${Escape.html(Coordinates.format(value))}</span> <span class="jobscope-position-sexagesimal">(${Escape.html(Coordinates.sexagesimal(value))})</span>`
    case "Identifier":
      return `: <code class="jobscope-identifier">${Escape.html(value.value)}</code>`
    case "Windows":
      return value.windows.length === 0
        ? ": none"
        : `\n<table class="jobscope-windows">\n<caption>UTC, on the ${clock}</caption>\n<thead><tr><th scope="col">Begin</th><th scope="col">End</th><th scope="col">Duration</th></tr></thead>\n<tbody>\n${value.windows.map(windowRow).join("\n")}\n</tbody>\n</table>\n`
    default:
      return ""
  }
}

/** The handlers of the semantic mode. */
export const handlers: Renderer.Handlers<string, Html.Options> = {
  snapshot: (node, state) => {
    const { snapshot } = node
    const level = headingLevel(state.options)
    const what = Escape.html(state.options.sources.get(snapshot.source).describeJob(snapshot.jobId))
    const title =
      snapshot.label === undefined
        ? what
        : `${Escape.html(snapshot.label)} <span class="jobscope-job-id">(${what})</span>`
    const page = link(snapshot.url, undefined, "jobscope-job-link", "the job’s page")
    return lines([
      `<section class="jobscope-job">`,
      `<h${level} class="jobscope-job-title">${title}</h${level}>`,
      `<p class="jobscope-job-meta">As of ${time(snapshot.observedAt)} <span class="jobscope-clock">(${Escape.html(Clock.name("observer"))})</span>${page === "" ? "" : `; see ${page}`}.</p>`,
      ...state.all(node),
      "</section>"
    ])
  },
  task: (node, state) => {
    const { task } = node
    const level = headingLevel(state.options) + 1
    const id = task.id === task.label ? "" : ` <code class="jobscope-task-id">${Escape.html(task.id)}</code>`
    const page = link(task.url, Href.pageOf(state.path), "jobscope-task-link", "Details")
    // The first child is always the status; the times belong with it.
    const [status = "", ...parts] = state.all(node)
    return lines([
      `<article class="jobscope-task ${phaseClass(task.phase)}">`,
      `<h${level} class="jobscope-task-title">${Escape.html(task.label)}${id}</h${level}>`,
      status,
      taskTimes(task, state.options),
      ...parts,
      page === "" ? "" : `<p class="jobscope-task-links">${page}</p>`,
      "</article>"
    ])
  },
  status: ({ task }) => {
    const code =
      task.code === null || task.code === task.text
        ? ""
        : ` <span class="jobscope-status-code">(code ${Escape.html(String(task.code))})</span>`
    return `<p class="jobscope-status">Status: <span class="jobscope-phase ${phaseClass(task.phase)}">${Escape.html(task.phase)}</span>; the server says <code class="jobscope-status-text">${Escape.html(task.text)}</code>${code}.</p>`
  },
  progress: (node, state) => {
    const { task } = node
    const steps = task.steps ?? []
    const percent = Math.floor(100 * Progress.fraction(steps))
    const bar =
      steps.length === 0
        ? ""
        : `<progress class="jobscope-progress-bar" max="100" value="${percent}" aria-label="${Escape.html(task.label)}: ${percent}% done">${percent}%</progress>`
    return lines([`<div class="jobscope-progress">`, bar, ...state.all(node), "</div>"])
  },
  note: ({ text }) => `<p class="jobscope-note">${InlineHtml.sanitize(text)}</p>`,
  steps: ({ task, steps, parent }, state) => {
    const name =
      parent === undefined
        ? `Steps of ${Escape.html(task.label)}`
        : `Sub-steps of ${Escape.html(parent.label)}`
    let out = `<ul class="${parent === undefined ? "jobscope-steps" : "jobscope-steps jobscope-substeps"}" aria-label="${name}">`
    for (const step of steps) out += `\n${state.render({ type: "step", task, step })}`
    return `${out}\n</ul>`
  },
  step: ({ task, step }, state) => {
    // Typed callers cannot pass another state; untyped ones get "pending" rather than markup.
    const at: Progress.State = Object.hasOwn(stateWords, step.state) ? step.state : "pending"
    let out = `<li class="jobscope-step jobscope-step-${at}"${at === "active" ? ` aria-current="step"` : ""}>`
    out += `<span class="jobscope-step-label">${Escape.html(step.label)}</span> <span class="jobscope-step-state">${stateWords[at]}</span>`
    if (step.extra !== undefined)
      out += ` <span class="jobscope-step-extra">${Escape.html(step.extra)}</span>`
    if (step.children.length > 0)
      out += state.render({ type: "steps", task, steps: step.children, parent: step })
    return `${out}</li>`
  },
  elapsed: ({ elapsed }) =>
    `<p class="jobscope-elapsed">Running for <time datetime="PT${Elapsed.wholeSeconds(elapsed)}S">${Elapsed.format(elapsed)}</time> by the server’s count.</p>`,
  message: ({ text }) => `<p class="jobscope-message">${Escape.html(text)}</p>`,
  warnings: ({ warnings }) =>
    `<ul class="jobscope-warnings" aria-label="Warnings">${warnings.map((warning) => `<li>${Escape.html(warning)}</li>`).join("")}</ul>`,
  outputs: ({ task }, state) => {
    let out = `<ul class="jobscope-outputs" aria-label="What ${Escape.html(task.label)} produced">`
    for (const output of task.outputs ?? []) out += `\n${state.render({ type: "output", task, output })}`
    return `${out}\n</ul>`
  },
  output: ({ output }, state) => {
    const value = output.value
    const kind = value === undefined ? "link" : value._tag.toLowerCase()
    return `<li class="jobscope-output jobscope-output-${kind}">${outputName(output, Href.ofOutput(output, state.path))}${value === undefined ? "" : outputValue(value, serverClock(state.options))}</li>`
  },
  // A parser drops one newline right after <pre>: this one, so the log's own first line survives.
  log: ({ text }) =>
    `<figure class="jobscope-log"><figcaption>Log</figcaption><pre>\n${Escape.html(text)}</pre></figure>`
}
