/**
 * The flags several commands share: where each API lives, who you are to
 * it (from a flag or an environment variable; secrets stay `Redacted`), how
 * to print, and how long to wait. Each API's command takes its own.
 */
import { readFileSync } from "node:fs"
import * as Coordinates from "@jobscope/core/Coordinates"
import * as Config from "effect/Config"
import { Flag, Param } from "effect/cli"
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

/** A duration such as "30 minutes", or an error saying what the flag takes (Effect's CLI names the flag). */
const durationOf = (text: string): Duration.Duration => {
  const duration = Duration.fromInput(text.trim() as Duration.Input)
  if (Option.isNone(duration) || !Duration.isFinite(duration.value) || Duration.toMillis(duration.value) <= 0)
    throw new Error('a duration such as "30 minutes" or "2 hours"')
  return duration.value
}

/** How long a watch may take before giving up with exit code 3. */
export const deadline = Flag.String("deadline").pipe(
  Flag.withDescription('Give up (exit 3) if the jobs are not over by then, e.g. "30 minutes", "2 hours"'),
  Flag.mapTryCatch(durationOf, (error) => (error instanceof Error ? error.message : String(error))),
  Flag.optional
)

/**
 * A clock speed flag `--speed`, checked as the command line is read (a usage
 * error, before anything starts): above 0, or from 0 (a stopped clock) when
 * `stoppable`.
 */
export const clockSpeed = (description: string, fallback: number, stoppable = false) =>
  Flag.Finite("speed").pipe(
    Flag.withDescription(description),
    Flag.mapTryCatch(
      (value: number) => {
        if (stoppable ? !(value >= 0) : !(value > 0))
          throw new Error(`a number ${stoppable ? "of 0 or more" : "above 0"}`)
        return value
      },
      (error) => (error instanceof Error ? error.message : String(error))
    ),
    Flag.withDefault(fallback)
  )

/** How many times faster than real time the server's clock runs (a simulator's --speed). */
export const speed = clockSpeed(
  "The server's clock runs this many times faster than real time (a jobscope sim --speed); polls keep to its own pace",
  1
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

/**
 * A flag a command cannot go without, left for {@link given} to find missing.
 * Effect's CLI stops at the first missing flag, after a page of help; a
 * `required` flag lets the command name every missing one at once. Its help
 * says "(required)".
 */
export const required = <A>(flag: Flag.Flag<A>): Flag.Flag<A | Missing> => {
  const single = singleOf(flag)
  const name = `--${single?.name ?? "?"}`
  const description = single === undefined ? Option.none() : single.description
  return flag.pipe(
    Flag.withDescription(`${Option.getOrElse(description, () => "")} (required)`.trimStart()),
    Flag.optional,
    Flag.map(Option.getOrElse((): A | Missing => new Missing(name)))
  )
}

/** The flag itself under its mappings (its name and description); Effect's CLI exports the shapes, not a getter. */
const singleOf = (param: Param.Param<"flag", unknown>): Param.Single<"flag", unknown> | undefined => {
  if (Param.isSingle(param)) return param
  return "param" in param ? singleOf((param as Param.Map<"flag", unknown, unknown>).param) : undefined
}

/** A {@link required} flag that was not given. */
export class Missing {
  constructor(
    /** The flag, for messages: "--name". */
    readonly flag: string
  ) {}
}

/** Flags with every {@link required} one given. */
export type Given<F> = { readonly [K in keyof F]: Exclude<F[K], Missing> }

/**
 * The parsed flags of a command, once every {@link required} one is known
 * to be there; else one usage error naming all that are missing.
 */
export const given = <F extends Record<string, unknown>>(flags: F) =>
  Effect.gen(function* () {
    const missing = Object.values(flags).filter((value): value is Missing => value instanceof Missing)
    if (missing.length > 0)
      return yield* Problem.usage(
        `${missing.length === 1 ? "this flag is" : "these flags are"} required: ${missing.map((one) => one.flag).join(", ")}`
      )
    return flags as Given<F>
  })

/** A coordinate flag: the text read by `parse`, or an error naming the flag and the forms it takes. */
const coordinate = (name: string, forms: string, parse: (text: string) => number | undefined) =>
  Flag.String(name).pipe(
    Flag.mapTryCatch(
      (text) => {
        const degrees = parse(text)
        if (degrees === undefined) throw new Error(forms)
        return degrees
      },
      (error) => (error instanceof Error ? error.message : String(error))
    )
  )

/**
 * `--ra`, with `more` said after its description: a right ascension (J2000) in decimal degrees or sexagesimal hours
 * (`14:37:09`, `14h37m09s`), read as degrees.
 */
export const rightAscension = (more = "") =>
  coordinate(
    "ra",
    'degrees from 0 to 360 (219.2875) or hours, minutes and seconds (14:37:09, 14h37m09s, "14 37 09")',
    Coordinates.parseRightAscension
  ).pipe(
    Flag.withDescription(
      `Right ascension (J2000): degrees, e.g. 219.2875, or hours, minutes and seconds, e.g. 14:37:09 or 14h37m09s${more}`
    )
  )

/**
 * `--dec`, with `more` said after its description: a declination (J2000) in decimal degrees or sexagesimal degrees
 * (`-62:39:12`, `-62d39m12s`), read as degrees.
 */
export const declination = (more = "") =>
  coordinate(
    "dec",
    'degrees from -90 to 90 (-62.6533) or degrees, arcminutes and arcseconds (-62:39:12, -62d39m12s, "-62 39 12")',
    Coordinates.parseDeclination
  ).pipe(
    Flag.withDescription(
      `Declination (J2000): degrees, e.g. -62.6533, or degrees, arcminutes and arcseconds, e.g. -62:39:12 or -62d39m12s${more}`
    )
  )

/** A value that starts with a minus but is no flag: a negative sexagesimal such as -62:39:12 or "-62 39 12". */
const negativeValue = /^-\d+(?:\.\d+)?(?:[:dhms°'′"″]|\s+\d)/

/**
 * The command line with `--flag -62:39:12` written `--flag=-62:39:12`.
 * Effect's CLI takes a word after a flag starting with a minus for a flag
 * unless it is a plain number; a negative declination typed as astronomers
 * do is a value all the same.
 */
export const joinNegativeValues = (args: ReadonlyArray<string>): ReadonlyArray<string> => {
  const joined: Array<string> = []
  for (const arg of args) {
    const previous = joined.at(-1)
    if (previous?.startsWith("--") && !previous.includes("=") && negativeValue.test(arg))
      joined[joined.length - 1] = `${previous}=${arg}`
    else joined.push(arg)
  }
  return joined
}
