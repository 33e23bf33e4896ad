/**
 * One-off output to standard output: a line, or a job as it is now in the
 * format asked (text for people, with colour only on a terminal and never
 * with NO_COLOR; JSON; Markdown; a standalone HTML page).
 */
import type { Job } from "@jobscope/core"
import { Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { Format } from "./Flags.js"
import * as JsonText from "./JsonText.js"
import * as Report from "./Report.js"
import * as Screen from "./Screen.js"
import * as Style from "./Style.js"
import * as Text from "./Text.js"

/**
 * Writes a line. It may quote a server (a job ID, a URL, a product's state),
 * so it goes through `Style.sanitize`: no escape sequence reaches the
 * terminal. JSON made by `JsonText` has none to lose.
 */
export const line = (text: string) =>
  Effect.sync(() => {
    process.stdout.write(`${Style.sanitize(text)}\n`)
  })

/** A snapshot in a format, as text. */
export const render = (snapshot: Job.Snapshot, format: Format, screen = Screen.stdout()): string => {
  switch (format) {
    case "json":
      return Report.jsonOne(snapshot)
    case "md":
      return Report.markdown([snapshot])
    case "html":
      return Report.html([snapshot], snapshot.label ?? Text.jobName(snapshot))
    case "text":
      return `${Text.text(snapshot, { color: screen.color, width: screen.isTTY ? screen.columns() : 200 })}\n`
  }
}

/** Writes a snapshot in a format. */
export const snapshot = (snapshot: Job.Snapshot, format: Format) =>
  Effect.sync(() => {
    process.stdout.write(render(snapshot, format))
  })

/**
 * The flag that prints a server's reply itself (`--raw`), as JSON, instead
 * of the job made of it: to keep, to send with a bug report, to show again
 * later with `jobscope render`.
 */
export const rawFlag = Flag.Boolean("raw").pipe(
  Flag.withDescription(
    "Print the server's reply itself, as JSON, instead of the job (save it; jobscope render shows it again)"
  ),
  Flag.withDefault(false)
)

/** Writes a reply as the server sent it, by its wire schema, as indented JSON. */
export const reply = <S extends Schema.Codec<unknown, unknown>>(schema: S, value: S["Type"]) =>
  Effect.sync(() => {
    process.stdout.write(`${JsonText.stringify(Schema.encodeUnknownSync(schema)(value), 2)}\n`)
  })
