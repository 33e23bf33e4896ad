/**
 * The flags several commands share: where each API lives, who you are to
 * it (from a flag or an environment variable; secrets stay `Redacted`), how
 * to print, and how long to wait. Each API's command takes its own.
 */
import { readFileSync } from "node:fs"
import * as Config from "effect/Config"
import { Flag } from "effect/cli"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Problem from "./Problem.js"

/** Where an API lives: `--base-url`, else the environment variable, else the real service (when it has one). */
export const baseUrl = (variable: string, fallback?: string) => {
  const flag = Flag.String("base-url").pipe(
    Flag.withDescription(
      `Where the API lives${fallback === undefined ? "" : ` (default: ${fallback})`}; also $${variable}. A simulator: http://127.0.0.1:<port>`
    ),
    Flag.withFallbackConfig(Config.String(variable))
  )
  return fallback === undefined ? flag : flag.pipe(Flag.withDefault(fallback))
}

/**
 * A Swift TOO shared secret: `--<name>`, else $JOBSCOPE_TOO_SECRET, so that
 * `jobscope too` and a `jobscope sim` user agree without it on a command line.
 * It stays `Redacted`: never shown.
 */
export const tooSecret = (name: string, description: string) =>
  Flag.Redacted(name).pipe(
    Flag.withDescription(`${description}; also $JOBSCOPE_TOO_SECRET`),
    Flag.withFallbackConfig(Config.Redacted("JOBSCOPE_TOO_SECRET")),
    Flag.optional
  )

/**
 * A file to read a secret from, `--<name>` (its first line; `-` reads standard
 * input): a secret in a file or a pipe is in no process list and no shell history.
 */
export const secretFile = (name: string, what: string) =>
  Flag.String(name).pipe(
    Flag.withDescription(`Read ${what} from this file (its first line), or from standard input with -`),
    Flag.optional
  )

/**
 * The secret given by flag (or environment) or by file, never both; the file
 * read at once. `flag` and `fileFlag` name them in messages, e.g. "--secret".
 */
export const secretOf = (
  given: Option.Option<Redacted.Redacted<string>>,
  file: Option.Option<string>,
  flag: string,
  fileFlag: string
) =>
  Effect.gen(function* () {
    if (Option.isNone(file)) return given
    if (Option.isSome(given))
      return yield* Problem.usage(`give ${flag} or ${fileFlag}, not both (the environment counts as ${flag})`)
    const path = file.value
    let text: string
    try {
      text = readFileSync(path === "-" ? 0 : path, "utf8")
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unreadable"
      return yield* Problem.usage(
        `${fileFlag} ${path === "-" ? "(standard input)" : path} cannot be read: ${code}`
      )
    }
    const secret = (text.split(/\r?\n/)[0] ?? "").trim()
    if (secret === "")
      return yield* Problem.usage(
        `${fileFlag} ${path === "-" ? "(standard input)" : path} holds no secret on its first line`
      )
    return Option.some(Redacted.make(secret))
  })

/** How to print a one-off answer. */
export const format = Flag.Literals("format", ["text", "json", "md", "html"]).pipe(
  Flag.withDescription("Output: text for people (default), json for programs, md or html for reports"),
  Flag.withDefault("text")
)

/** The output formats. */
export type Format = "text" | "json" | "md" | "html"

/** How to follow jobs: a live view, or one JSON object per update. */
export const watchFormat = Flag.Literals("format", ["text", "json", "md", "html"]).pipe(
  Flag.withDescription(
    "text: the live view (one line per event when not a terminal); json: one JSON object per update; md or html: a report of the final state"
  ),
  Flag.withDefault("text")
)

/** A duration such as "30 minutes", or an error naming the flag. */
const durationOf =
  (name: string) =>
  (text: string): Duration.Duration => {
    const duration = Duration.fromInput(text.trim() as Duration.Input)
    if (
      Option.isNone(duration) ||
      !Duration.isFinite(duration.value) ||
      Duration.toMillis(duration.value) <= 0
    )
      throw new Error(`--${name} takes a duration such as "30 minutes" or "2 hours", not "${text}"`)
    return duration.value
  }

/** How long a watch may take before giving up with exit code 3. */
export const deadline = Flag.String("deadline").pipe(
  Flag.withDescription('Give up (exit 3) if the jobs are not over by then, e.g. "30 minutes", "2 hours"'),
  Flag.mapTryCatch(durationOf("deadline"), (error) =>
    error instanceof Error ? error.message : String(error)
  ),
  Flag.optional
)

/** How many times faster than real time the server's clock runs (a simulator's --speed). */
export const speed = Flag.Finite("speed").pipe(
  Flag.withDescription(
    "The server's clock runs this many times faster than real time (a jobscope sim --speed); polls keep to its own pace"
  ),
  Flag.mapTryCatch(
    (value: number) => {
      if (!(value > 0)) throw new Error(`--speed takes a number above 0, not ${value}`)
      return value
    },
    (error) => (error instanceof Error ? error.message : String(error))
  ),
  Flag.withDefault(1)
)

/** Where to save a watch's place after every poll, and go on from when it exists. */
export const state = Flag.String("state").pipe(
  Flag.withDescription(
    "Save the watch's place to this file after every poll; run again with it to go on where it was, repeating no event"
  ),
  Flag.optional
)

/** The flags of every command that follows jobs: `--format`, `--deadline`, `--speed`, `--state`. */
export const watch = { format: watchFormat, deadline, speed, state }

/** Whether a command that starts a job then follows it (`--watch`). */
export const thenWatch = Flag.Boolean("watch").pipe(
  Flag.withDescription("Follow the job until it is over"),
  Flag.withDefault(false)
)
