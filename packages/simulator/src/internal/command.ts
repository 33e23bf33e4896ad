/**
 * The `jobscope-sim` command's words: its flags read into start options
 * (with a usage error that names the flag), its help, and what it prints
 * once listening. `main.ts` does the I/O.
 */
import { resolve } from "node:path"
import { parseArgs } from "node:util"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Faults from "../faults/index.js"
import * as Route from "../Route.js"
import type { Simulator, StartOptions } from "../Simulator.js"

/** The port the command listens on unless told (the code's `start` picks a free one). */
export const defaultPort = 8080

/** A command line that cannot run: which flag, and what is wrong with it. */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", { message: Schema.String }) {}

/** What the command line asks for. */
export type Command =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | { readonly kind: "run"; readonly options: StartOptions }

/** The help text. */
export const usage = `Usage: jobscope-sim [options]

Serves simulated UKSSDC, Swift TOO and TOM job APIs on 127.0.0.1 until stopped (Ctrl+C).

Options:
  -p, --port N       the port; 0 picks a free one (default: ${defaultPort})
  -s, --speed X      simulated seconds per real second; 0 stops the clock (default: 1)
      --seed N       fixes durations, failures and faults, 0…4294967295 (default: 1)
      --start TIME   the simulated time at start, ISO 8601 (default: now)
  -f, --fault SPEC   a fault rule; repeat the flag for more (see below)
      --site DIR     also serve the files of DIR at /, such as the live status page
                     (apps/web/dist); faults and request counts leave them alone
  -h, --help         show this help
  -v, --version      show the version

Fault rules (--fault SPEC):
  ${Faults.specHelp.replace(/\n/g, "\n  ")}

Admin paths:
  GET /_sim/health                  the routes, seed, speed and simulated time
  GET, POST /_sim/clock             the simulated time; POST {"advance":"5 minutes"} moves it
  GET, POST, DELETE /_sim/faults    the rules; POST {"spec":"ukssdc.status=503x3"} adds one, DELETE ?id=N removes one
  GET, DELETE /_sim/requests        counts per route and job and the newest log entries (?route= ?job= ?limit=)
  POST /_sim/tom/processes          starts a TOM process, e.g. {"target":7,"kind":"pipeline"}

Examples:
  jobscope-sim --port 8080 --speed 60
  jobscope-sim --speed 60 --site apps/web/dist
  jobscope-sim --speed 60 --seed 7 --fault ukssdc.status=503x3 --fault too.submit=429:retry-after=30
  jobscope-sim --port 0 --fault '*=reset@0.05' --fault tom.status=latency:200-800ms
`

const wholeNumber = (flag: string, text: string, min: number, max: number): number => {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN
  if (!(value >= min && value <= max))
    throw new UsageError({
      message: `${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`
    })
  return value
}

const speedOf = (text: string): number => {
  const value = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isFinite(value))
    throw new UsageError({ message: `--speed must be a number ≥ 0, such as 60, got ${JSON.stringify(text)}` })
  return value
}

const startOf = (text: string): Date => {
  const value = new Date(text)
  if (Number.isNaN(value.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text))
    throw new UsageError({
      message: `--start must be a time in ISO 8601, such as 2026-03-01T12:00:00Z, got ${JSON.stringify(text)}`
    })
  return value
}

const checkFault = (spec: string): string => {
  const parsed = Faults.parse(spec)
  if (Result.isFailure(parsed)) throw new UsageError({ message: `--fault: ${parsed.failure.message}` })
  return spec
}

/** Node's parseArgs messages run on with advice for positionals; the first sentence names the flag. */
const firstSentence = (message: string): string => message.split(/\.\s/)[0]!.replace(/\.$/, "")

/** Reads the command line (without `node` and the script). */
export const parse = (argv: ReadonlyArray<string>): Result.Result<Command, UsageError> => {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string", short: "p" },
        speed: { type: "string", short: "s" },
        seed: { type: "string" },
        start: { type: "string" },
        fault: { type: "string", short: "f", multiple: true },
        site: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" }
      }
    })
    if (values.help === true) return Result.succeed({ kind: "help" })
    if (values.version === true) return Result.succeed({ kind: "version" })
    const options: StartOptions = {
      port: values.port === undefined ? defaultPort : wholeNumber("--port", values.port, 0, 65_535),
      ...(values.speed === undefined ? {} : { speed: speedOf(values.speed) }),
      ...(values.seed === undefined ? {} : { seed: wholeNumber("--seed", values.seed, 0, 0xffffffff) }),
      ...(values.start === undefined ? {} : { start: startOf(values.start) }),
      faults: (values.fault ?? []).map(checkFault),
      ...(values.site === undefined ? {} : { site: values.site })
    }
    return Result.succeed({ kind: "run", options })
  } catch (error) {
    if (error instanceof UsageError) return Result.fail(error)
    return Result.fail(
      new UsageError({ message: firstSentence(error instanceof Error ? error.message : String(error)) })
    )
  }
}

/** Where an API's routes live: their shared directory, or the one route's own path. */
const baseOf = (routes: ReadonlyArray<Route.Route>): string => {
  const patterns = routes.filter((route) => !Route.isAdmin(route)).map((route) => route.pattern)
  if (patterns.length === 1) return patterns[0]!
  const directories = patterns.map((pattern) => pattern.split("/").slice(0, -1))
  const shared: Array<string> = []
  for (const [i, segment] of (directories[0] ?? []).entries()) {
    if (segment.startsWith(":") || directories.some((directory) => directory[i] !== segment)) break
    shared.push(segment)
  }
  return `${shared.join("/")}/`
}

/** What the command prints once listening: where, how fast, each API's base URL, and the site's. */
export const banner = (sim: Simulator, version: string): string => {
  const faults = sim.faults
    .list()
    .map((rule) => `  fault   ${rule.route}=${Faults.formatFault(rule.fault)}\n`)
  return [
    `jobscope-sim ${version} on ${sim.url} (speed ${sim.clock.speed}, seed ${sim.seed}, simulated time ${sim.clock.now().toISOString()})\n`,
    `  UKSSDC  ${sim.url}${baseOf(sim.ukssdc.routes)}\n`,
    `  TOO     ${sim.url}${baseOf(sim.too.routes)}\n`,
    `  TOM     ${sim.url}${baseOf(sim.tom.routes)}\n`,
    `  UWS     ${sim.url}/uws/jobs (UWS 1.1), ${sim.url}/uws10/jobs (UWS 1.0)\n`,
    `  TAP     ${sim.url}/tap\n`,
    `  admin   ${sim.url}${Route.adminPrefix}health\n`,
    ...(sim.site === undefined ? [] : [`  site    ${sim.url}/ (the files of ${resolve(sim.site)})\n`]),
    ...faults,
    "Stop with Ctrl+C.\n"
  ].join("")
}
