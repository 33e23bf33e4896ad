/**
 * The `jobscope` command: its subcommands, and how a run of it ends as an
 * exit code (see `ExitCode`), with any failure explained on standard error.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Cause from "effect/Cause"
import { CliConfig, CliError, CliOutput, Command, GlobalFlag } from "effect/cli"
import * as Effect from "effect/Effect"
import { summary } from "./commands/Summary.js"
import * as ExitCode from "./ExitCode.js"
import * as Flags from "./Flags.js"
import * as Style from "./Style.js"

/** A subcommand, whatever its name, flags and errors (the tree only routes to it). */
// biome-ignore lint/suspicious/noExplicitAny: each subcommand has its own flags and errors
type Subcommand = Command.Command<any, any, any, any, never>

/**
 * Each subcommand's module, loaded only when a run needs it: `jobscope
 * --help` and `--version` then load the command tree and no HTTP client,
 * decoder, renderer or simulator (start-up time is a benchmark target).
 */
const modules: { readonly [Name in keyof typeof summary]: () => Promise<Subcommand> } = {
  ukssdc: () => import("./commands/Ukssdc.js").then((module) => module.command),
  too: () => import("./commands/Too.js").then((module) => module.command),
  tom: () => import("./commands/Tom.js").then((module) => module.command),
  uws: () => import("./commands/Uws.js").then((module) => module.command),
  tap: () => import("./commands/Tap.js").then((module) => module.command),
  render: () => import("./commands/Render.js").then((module) => module.command),
  sim: () => import("./commands/Sim.js").then((module) => module.command),
  serve: () => import("./commands/Serve.js").then((module) => module.command),
  demo: () => import("./commands/Demo.js").then((module) => module.command)
}

type Name = keyof typeof modules

const names = Object.keys(modules) as ReadonlyArray<Name>

/**
 * The subcommands a command line needs in full: the one it names (the root
 * takes no argument of its own, so the first word that names a subcommand is
 * it), or all of them for `--completions`, which describes every flag.
 */
const needed = (args: ReadonlyArray<string>): ReadonlyArray<Name> =>
  args.includes("--completions")
    ? names
    : names.filter((name) => name === args.find((arg) => (names as ReadonlyArray<string>).includes(arg)))

/**
 * The whole command tree, with the subcommands in `load` in full and the
 * others by name and summary only, which is all the root's help shows of them.
 */
const tree = (load: ReadonlyArray<Name>) =>
  Effect.forEach(names, (name) =>
    load.includes(name)
      ? Effect.promise(modules[name])
      : Effect.succeed<Subcommand>(Command.make(name).pipe(Command.withDescription(summary[name])))
  ).pipe(Effect.map(rooted))

const rooted = (subcommands: ReadonlyArray<Subcommand>) =>
  Command.make("jobscope").pipe(
    Command.withDescription(
      "Follow astronomy observatories' asynchronous jobs: the UKSSDC XRT product builder, the Swift TOO API, TOM pipelines, and any IVOA UWS job or TAP query"
    ),
    Command.withSubcommands(subcommands),
    Command.withExamples([
      {
        command: "jobscope demo",
        description: "See it work: a simulator, four jobs followed live, reports in out/"
      },
      {
        command: "jobscope sim --web",
        description: "Start the simulator of every API, with the live status page"
      },
      {
        command: "jobscope ukssdc watch 14 --user-id you@example.org",
        description: "Follow a UKSSDC job until every product is done"
      },
      { command: "jobscope too status 12345 --format json", description: "A TOO request's status, as JSON" },
      {
        command: 'jobscope tap query https://tap.example.org/tap "SELECT TOP 10 * FROM ivoa.obscore" --watch',
        description: "Run an ADQL query on a TAP service and follow it"
      }
    ])
  )

/** What went wrong, one line each: a command line's every problem and where its help is, or the error. */
const messagesOf = (
  error: unknown,
  hintFor: (error: unknown) => string | undefined
): ReadonlyArray<string> => {
  if (CliError.isCliError(error) && error._tag === "ShowHelp")
    return error.errors.length === 0
      ? []
      : [...error.errors.map((problem) => problem.message), `see ${error.commandPath.join(" ")} --help`]
  const hint = hintFor(error)
  return [error instanceof Error ? error.message : String(error), ...(hint === undefined ? [] : [hint])]
}

/**
 * Help when asked for, or for a command that needs a subcommand; after a
 * wrong command line, only what was wrong (see `explain`) and where the help
 * is, not a page of help above it.
 */
const presenter = CliOutput.layerPresenter({
  present: (event) =>
    event._tag === "InvalidInvocation" ? Effect.void : CliOutput.defaultPresenter.present(event)
})

/**
 * Explains a failure on standard error, after any help the CLI module
 * printed. Messages can quote a server, so they go through `Style.sanitize`.
 * The retry hints (`RetryNotice`) load only when something failed.
 */
const explain = (cause: Cause.Cause<unknown>) =>
  Cause.hasInterruptsOnly(cause)
    ? Effect.void
    : Effect.promise(() => import("./RetryNotice.js")).pipe(
        Effect.tap(({ hintFor }) =>
          Effect.sync(() => {
            for (const message of messagesOf(Cause.squash(cause), hintFor))
              process.stderr.write(`jobscope: ${Style.sanitize(message).replaceAll("\n", "\n  ")}\n`)
          })
        ),
        Effect.asVoid
      )

/**
 * The CLI module's own flags that work here: `--help`, `--version` and
 * `--completions`. Not `--wizard`, which needs keys read from the terminal
 * (jobscope never reads any), nor `--log-level`, as jobscope logs nothing.
 */
const builtIns = [GlobalFlag.Help, GlobalFlag.Version, GlobalFlag.Completions]

/** Runs `jobscope` with `args` (the command line after the program) and answers its exit code. */
export const run = (args: ReadonlyArray<string>, version: string): Effect.Effect<number> =>
  tree(needed(args)).pipe(
    Effect.flatMap((command) => Command.runWith(command, { version })(Flags.joinNegativeValues(args))),
    Effect.as(ExitCode.success),
    Effect.catchCause((cause) => explain(cause).pipe(Effect.as(ExitCode.ofCause(cause)))),
    Effect.provide([NodeServices.layer, CliConfig.layer({ builtIns }), presenter])
  )
