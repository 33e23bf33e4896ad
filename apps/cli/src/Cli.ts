/**
 * The `jobscope` command: its subcommands, and how a run of it ends as an
 * exit code (see `ExitCode`), with any failure explained on standard error.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Cause from "effect/Cause"
import { CliConfig, CliError, CliOutput, Command, GlobalFlag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Demo from "./commands/Demo.js"
import * as Render from "./commands/Render.js"
import * as Serve from "./commands/Serve.js"
import * as Sim from "./commands/Sim.js"
import * as Tap from "./commands/Tap.js"
import * as Tom from "./commands/Tom.js"
import * as Too from "./commands/Too.js"
import * as Ukssdc from "./commands/Ukssdc.js"
import * as Uws from "./commands/Uws.js"
import * as ExitCode from "./ExitCode.js"
import * as Flags from "./Flags.js"
import * as RetryNotice from "./RetryNotice.js"
import * as Style from "./Style.js"

/** The whole command tree. */
export const command = Command.make("jobscope").pipe(
  Command.withDescription(
    "Follow astronomy observatories' asynchronous jobs: the UKSSDC XRT product builder, the Swift TOO API, TOM pipelines, and any IVOA UWS job or TAP query"
  ),
  Command.withSubcommands([
    Ukssdc.command,
    Too.command,
    Tom.command,
    Uws.command,
    Tap.command,
    Render.command,
    Sim.command,
    Serve.command,
    Demo.command
  ]),
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
const messagesOf = (error: unknown): ReadonlyArray<string> => {
  if (CliError.isCliError(error) && error._tag === "ShowHelp")
    return error.errors.length === 0
      ? []
      : [...error.errors.map((problem) => problem.message), `see ${error.commandPath.join(" ")} --help`]
  const hint = RetryNotice.hintFor(error)
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
 */
const explain = (cause: Cause.Cause<unknown>) =>
  Effect.sync(() => {
    if (Cause.hasInterruptsOnly(cause)) return
    for (const message of messagesOf(Cause.squash(cause)))
      process.stderr.write(`jobscope: ${Style.sanitize(message).replaceAll("\n", "\n  ")}\n`)
  })

/**
 * The CLI module's own flags that work here: `--help`, `--version` and
 * `--completions`. Not `--wizard`, which needs keys read from the terminal
 * (jobscope never reads any), nor `--log-level`, as jobscope logs nothing.
 */
const builtIns = [GlobalFlag.Help, GlobalFlag.Version, GlobalFlag.Completions]

/** Runs `jobscope` with `args` (the command line after the program) and answers its exit code. */
export const run = (args: ReadonlyArray<string>, version: string): Effect.Effect<number> =>
  Command.runWith(command, { version })(Flags.joinNegativeValues(args)).pipe(
    Effect.as(ExitCode.success),
    Effect.catchCause((cause) => explain(cause).pipe(Effect.as(ExitCode.ofCause(cause)))),
    Effect.provide([NodeServices.layer, CliConfig.layer({ builtIns }), presenter])
  )
