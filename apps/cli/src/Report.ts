/**
 * Job snapshots as whole documents: JSON for programs, a Markdown report, and
 * a standalone HTML page (semantic markup with the shipped stylesheet inlined).
 * One-off `--format json|md|html` output and the demo's `out/` files are these.
 */
import { Clock, Job } from "@jobscope/core"
import { Escape, Html, Stylesheet } from "@jobscope/html"
import { Markdown, Escape as MarkdownEscape } from "@jobscope/markdown"
import * as Schema from "effect/Schema"
import * as JsonText from "./JsonText.js"
import * as Sources from "./Sources.js"

const encodeSnapshot = Schema.encodeSync(Job.SnapshotJson)

/** Snapshots as plain JSON (dates as ISO strings, durations in milliseconds), two-space indented. */
export const json = (snapshots: ReadonlyArray<Job.Snapshot>): string =>
  `${JsonText.stringify(
    snapshots.map((snapshot) => encodeSnapshot(snapshot)),
    2
  )}\n`

/** One snapshot as plain JSON. */
export const jsonOne = (snapshot: Job.Snapshot): string =>
  `${JsonText.stringify(encodeSnapshot(snapshot), 2)}\n`

/** What a report says besides the snapshots. */
export interface Options {
  /** The speed of the simulator the jobs ran on, so their times are said to be on its clock (default: a real server). */
  readonly speed?: number | undefined
  /** A paragraph under the title, such as why the links no longer work (default: none). */
  readonly note?: string | undefined
}

/** A Markdown report of the snapshots, one section each under a title. */
export const markdown = (
  snapshots: ReadonlyArray<Job.Snapshot>,
  title?: string,
  options: Options = {}
): string =>
  `${[
    ...(title === undefined ? [] : [`# ${escapeTitle(title)}`]),
    ...(options.note === undefined ? [] : [MarkdownEscape.lines(options.note)]),
    ...snapshots.map((snapshot) =>
      Markdown.render(snapshot, {
        headingLevel: title === undefined ? 1 : 2,
        serverClock: Clock.ofServer(options.speed),
        sources: Sources.registry
      })
    )
  ].join("\n\n")}\n`

const escapeTitle = (title: string): string =>
  title.replace(/[\\`*_[\]<>#|]/g, (character) => `\\${character}`)

/** A standalone HTML page of the snapshots, styled by the shipped stylesheet. */
export const html = (snapshots: ReadonlyArray<Job.Snapshot>, title: string, options: Options = {}): string =>
  [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${Escape.html(title)}</title>`,
    `<style>\n${Stylesheet.css}\nbody { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }\n</style>`,
    "</head>",
    "<body>",
    `<h1>${Escape.html(title)}</h1>`,
    ...(options.note === undefined
      ? []
      : [`<p class="jobscope-report-note">${Escape.html(options.note)}</p>`]),
    ...snapshots.map((snapshot) =>
      Html.render(snapshot, {
        mode: "semantic",
        headingLevel: 2,
        serverClock: Clock.ofServer(options.speed),
        sources: Sources.registry
      })
    ),
    "</body>",
    "</html>",
    ""
  ].join("\n")
