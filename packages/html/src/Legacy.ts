/**
 * The markup of the UKSSDC `statusCheck.js` (the code behind the status
 * reports on swift.ac.uk), ported to the Renderer contract and made safe: per
 * task `"<id> status: <code>text</code>. "`, and for a product still on its way
 * (code 1–3) that reported steps, the `PreProgress` note in a `<p>`, the steps
 * as nested `<ul title='Steps in the … creation'>` lists with the active step
 * in `<strong>` marked `ACTIVE` and done steps marked `DONE`, and the running
 * time. Every server string is escaped; the note keeps only the inline tags of
 * `InlineHtml`. TOO and TOM tasks get their message, warnings and log in the same plain style,
 * and what any task produced follows as a plain `<ul title='Outputs'>` (statusCheck.js
 * had none): a link only where it works where the page is opened (`Href.resolve`).
 *
 * @example
 * ```ts
 * import { Legacy } from "@jobscope/html"
 * import { Renderer } from "@jobscope/core"
 *
 * // The same markup without the running time.
 * const quiet = Renderer.extend(Legacy.handlers, { elapsed: () => "" })
 * ```
 */
import { Clock, Coordinates, Elapsed, Href, type Job, type Renderer, UtcTime } from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as Escape from "./Escape.js"
import type * as Html from "./Html.js"
import * as InlineHtml from "./InlineHtml.js"

/**
 * statusCheck.js shows the steps only of products whose code, read with
 * `parseInt`, is 1–3 (requested, queued, running).
 */
const showsProgress = (code: Job.Task["code"]): boolean => {
  const read = code === null ? Number.NaN : Number.parseInt(String(code), 10)
  return read > 0 && read < 4
}

/**
 * The handlers of the legacy mode. They concatenate as the original does
 * rather than collect and join children: `pnpm bench render` holds this mode to
 * the speed of the original's string concatenation.
 */
export const handlers: Renderer.Handlers<string, Html.Options> = {
  // statusCheck.js writes each product into its own element of the page; here they follow one another, one per line.
  snapshot: ({ snapshot }, state) => {
    let out = ""
    for (let index = 0; index < snapshot.tasks.length; index++) {
      out += `${index === 0 ? "" : "\n"}${state.render({ type: "task", task: snapshot.tasks[index]! })}`
    }
    return out
  },
  task: ({ task }, state) => {
    let out = state.render({ type: "status", task })
    if (showsProgress(task.code) && (task.steps !== undefined || task.stepsNote !== undefined)) {
      out += state.render({ type: "progress", task })
      if (task.elapsed !== undefined) out += state.render({ type: "elapsed", task, elapsed: task.elapsed })
    }
    if (task.message !== undefined) out += state.render({ type: "message", task, text: task.message })
    if (task.warnings !== undefined && task.warnings.length > 0) {
      out += state.render({ type: "warnings", task, warnings: task.warnings })
    }
    if (task.outputs !== undefined && task.outputs.length > 0) {
      out += state.render({ type: "outputs", task, outputs: task.outputs })
    }
    if (task.logs !== undefined) out += state.render({ type: "log", task, text: task.logs })
    return out
  },
  status: ({ task }) => `${Escape.html(task.id)} status: <code>${Escape.html(task.text)}</code>. `,
  progress: ({ task }, state) => {
    let out = ""
    if (task.stepsNote !== undefined) out += state.render({ type: "note", task, text: task.stepsNote })
    if (task.steps !== undefined) out += state.render({ type: "steps", task, steps: task.steps })
    return out
  },
  note: ({ text }) => `<p>${InlineHtml.sanitize(text)}</p>`,
  steps: ({ task, steps, parent }, state) => {
    let out = `<ul title='Steps in the ${Escape.html(parent?.label ?? task.id)} creation'>`
    for (const step of steps) out += state.render({ type: "step", task, step })
    return `${out}</ul>`
  },
  step: ({ task, step }, state) => {
    let out = "<li>"
    if (step.state === "active") {
      out += `<strong>${Escape.html(step.label)} <span style='color:blue'>ACTIVE</span>`
      if (step.extra !== undefined) out += `&#8212; ${Escape.html(step.extra)}`
      out += "</strong>"
    } else {
      out += Escape.html(step.label)
      if (step.state === "done") out += " <strong style='color:#0D0'>DONE</strong>"
    }
    if (step.children.length > 0) {
      out += state.render({ type: "steps", task, steps: step.children, parent: step })
    }
    return `${out}</li>`
  },
  elapsed: ({ elapsed }) => `<p>The job has been running for ${Elapsed.format(elapsed)} so far.</p>\n`,
  message: ({ text }) => `<p>${Escape.html(text)}</p>`,
  warnings: ({ warnings }) =>
    `<ul title='Warnings'>${warnings.map((warning) => `<li>${Escape.html(warning)}</li>`).join("")}</ul>`,
  outputs: ({ task, outputs }, state) => {
    let out = "<ul title='Outputs'>"
    for (const output of outputs) out += state.render({ type: "output", task, output })
    return `${out}</ul>`
  },
  output: ({ output }, state) => {
    const href = Href.ofOutput(output, state.path)
    let out = "<li>"
    out +=
      href === undefined
        ? `${Escape.html(output.label)}${output.url === undefined ? "" : ` (${Escape.html(output.url)})`}`
        : `<a href='${Escape.html(href)}'>${Escape.html(output.label)}</a>`
    const value = output.value
    if (value?._tag === "Position")
      out += `: ${Escape.html(Coordinates.format(value))} (${Escape.html(Coordinates.sexagesimal(value))})`
    else if (value?._tag === "Identifier") out += `: ${Escape.html(value.value)}`
    else if (value?._tag === "Windows") {
      out += ` (UTC, on the ${Escape.html(Clock.name(state.options.serverClock))}):<ul title='Windows'>`
      for (const { begin, end } of value.windows) {
        const length = end.getTime() - begin.getTime()
        out += `<li>${UtcTime.format(begin)} to ${UtcTime.format(end)}${Number.isFinite(length) ? ` (${Elapsed.human(Duration.millis(length))})` : ""}</li>`
      }
      out += "</ul>"
    }
    return `${out}</li>`
  },
  // A parser drops one newline right after <pre>: this one, so the log's own first line survives.
  log: ({ text }) => `<pre>\n${Escape.html(text)}</pre>`
}
