/**
 * A Slack or Mattermost incoming-webhook message about a watch's event: a
 * headline for the event and the job as a renderer on the core's Renderer
 * contract draws it in their `mrkdwn` (one line per task, its phase and the
 * server's words, its outputs as links). Override a handler with
 * `Renderer.extend(SlackMessage.handlers, …)`.
 */
import { type Job, Renderer } from "@jobscope/core"
import type * as WatchEvent from "./WatchEvent.js"

/** Text as Slack and Mattermost `mrkdwn` show it literally: `&`, `<` and `>` escaped, control characters dropped. */
export const escapeText = (text: string): string =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping them is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")

/** A link, or the label alone when the URL is not http(s) (a hostile `javascript:` stays text). */
const link = (url: string | undefined, label: string): string =>
  url !== undefined && /^https?:\/\/[^\s|<>]+$/i.test(url)
    ? `<${url}|${escapeText(label)}>`
    : escapeText(label)

const lines = (parts: ReadonlyArray<string>): string => parts.filter((part) => part !== "").join("\n")

/** The handlers: the snapshot, each task's status, message and outputs; steps, logs and notes left out (a chat message is short). */
export const handlers: Renderer.Handlers<string, {}> = Renderer.extend(Renderer.passThrough<string>(lines), {
  snapshot: (node, state) =>
    lines([
      `*${link(node.snapshot.url, node.snapshot.label ?? node.snapshot.jobId)}* (${escapeText(node.snapshot.source)} ${escapeText(node.snapshot.jobId)})`,
      ...state.all(node)
    ]),
  status: ({ task }) =>
    `• ${escapeText(task.label)}: *${escapeText(task.phase)}*${task.text === "" ? "" : ` — ${escapeText(task.text)}`}`,
  progress: () => "",
  steps: () => "",
  step: () => "",
  note: () => "",
  elapsed: () => "",
  log: () => "",
  message: ({ text }) => `    ${escapeText(text)}`,
  warnings: ({ warnings }) => warnings.map((warning) => `    ⚠ ${escapeText(warning)}`).join("\n"),
  output: ({ output }) => `    ↳ ${link(output.url, output.label)}`
})

/** The renderer: a snapshot as `mrkdwn` text. */
export const render: Renderer.Renderer<string, {}> = Renderer.make(handlers)

/** A headline for an event, in `mrkdwn`. */
export const headline = (event: WatchEvent.Event): string => {
  switch (event._tag) {
    case "WatchEnded":
      return `Job ${event.outcome}`
    case "PhaseChanged":
      return `${escapeText(event.taskId)}: ${escapeText(event.from)} → ${escapeText(event.to)}`
    case "OutputAdded":
    case "OutputChanged":
      return `${escapeText(event.taskId)}: new output ${link(event.output.url, event.output.label)}`
    case "Anomaly":
      return `${escapeText(event.taskId)}: anomaly — ${escapeText(event.reason)}`
    default:
      return escapeText(event._tag)
  }
}

/** An incoming-webhook message about `event`, with the job as `snapshot` shows it. */
export const make = (
  event: WatchEvent.Event,
  snapshot: Job.Snapshot | undefined
): { readonly text: string } => ({
  text: lines([headline(event), snapshot === undefined ? "" : render(snapshot)])
})
