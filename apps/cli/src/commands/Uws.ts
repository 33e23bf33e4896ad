/**
 * `jobscope uws …`: any IVOA UWS 1.0 or 1.1 job, named by its URL: see it,
 * follow it live (with blocking WAIT on a 1.1 service), abort it, list its
 * results. Built on `@jobscope/uws`, as a third party would use it.
 */
import { type FetchError, Follow as FetchFollow } from "@jobscope/fetch"
import { type Uws, UwsClient, UwsJob } from "@jobscope/uws"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Clients from "../Clients.js"
import * as Flags from "../Flags.js"
import * as Follow from "../Follow.js"
import * as Output from "../Output.js"
import * as Problem from "../Problem.js"
import * as Style from "../Style.js"
import { summary } from "./Summary.js"

/** A job's URL: `{jobs}/{job-id}`, such as https://tap.example.org/tap/async/q7f3k2. */
export const jobUrl = Argument.String("job-url").pipe(
  Argument.withDescription("The job's URL, {jobs}/{job-id}, e.g. https://tap.example.org/tap/async/q7f3k2")
)

/** The URL checked: http(s), parseable, or a usage error saying so. */
export const checkedUrl = (url: string, what: string) => {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return Effect.succeed(parsed.toString())
  } catch {}
  return Problem.usage(`${what} must be an http(s) URL, not ${JSON.stringify(url)}`)
}

/** Runs `use` with a UWS client talking to the job's service. */
const withClient = <A>(url: string, use: (uws: UwsClient.Shape) => Effect.Effect<A, FetchError.FetchError>) =>
  Effect.flatMap(checkedUrl(url, "the job's URL"), (checked) =>
    Effect.flatMap(UwsClient.UwsClient, use).pipe(
      Effect.provide(UwsClient.layer({ userAgent: Clients.userAgent })),
      Effect.provide(Clients.transport(checked))
    )
  )

const format = Flag.Literals("format", ["text", "json"]).pipe(
  Flag.withDescription("Output: text for people (default), json for programs"),
  Flag.withDefault("text")
)

const status = Command.make("status", { url: jobUrl, format: Flags.format }, (flags) =>
  Effect.gen(function* () {
    const url = yield* checkedUrl(flags.url, "the job's URL")
    const snapshot = yield* FetchFollow.status(UwsJob.make(url, { userAgent: Clients.userAgent })).pipe(
      Effect.provide(Clients.transport(url))
    )
    yield* Output.snapshot(snapshot, flags.format)
  })
).pipe(
  Command.withDescription("Show a UWS job as it is now (one request)"),
  Command.withExamples([
    {
      command: "jobscope uws status https://tap.example.org/tap/async/q7f3k2",
      description: "Its phase, expected end, results and any error"
    },
    { command: "jobscope uws status https://… --format json", description: "The same, as JSON" }
  ])
)

const watch = Command.make("watch", { url: jobUrl, ...Flags.watch }, (flags) =>
  Effect.gen(function* () {
    const url = yield* checkedUrl(flags.url, "the job's URL")
    const transport = Clients.transport(url)
    const job = yield* UwsJob.open(url, { userAgent: Clients.userAgent }).pipe(Effect.provide(transport))
    yield* Follow.follow([job], flags).pipe(Effect.provide(transport))
  })
).pipe(
  Command.withDescription(
    "Follow a UWS job live until it is over: one blocking WAIT request per phase change on a UWS 1.1 service, polite polling on 1.0"
  ),
  Command.withExamples([
    {
      command: "jobscope uws watch https://tap.example.org/tap/async/q7f3k2",
      description: "Until COMPLETED (exit 0), ERROR or ABORTED (exit 1)"
    },
    {
      command: 'jobscope uws watch https://… --deadline "2 hours" --state q7f3k2.json',
      description: "Give up after two hours (exit 3); run again to go on where it was"
    }
  ])
)

const abort = Command.make("abort", { url: jobUrl, format }, (flags) =>
  Effect.gen(function* () {
    const job = yield* withClient(flags.url, (uws) => uws.abort(flags.url))
    yield* Output.line(
      flags.format === "json"
        ? JSON.stringify({ jobId: job.jobId, phase: job.phase })
        : `UWS job ${job.jobId}: ${job.phase}`
    )
  })
).pipe(
  Command.withDescription("Abort a UWS job (PHASE=ABORT), and say the phase it is in now"),
  Command.withExamples([
    { command: "jobscope uws abort https://tap.example.org/tap/async/q7f3k2", description: "Stop it" }
  ])
)

/** A result as a line of text: its id, size and media type when given, and its URL. */
const resultLine = (result: Uws.Result): string =>
  [
    result.id,
    ...(result.size === undefined ? [] : [`${result.size} bytes`]),
    ...(result.mimeType === undefined ? [] : [result.mimeType]),
    result.href ?? "(no URL)"
  ]
    .map((part) => Style.sanitize(part, { singleLine: true }))
    .join("  ")

const results = Command.make("results", { url: jobUrl, format }, (flags) =>
  Effect.gen(function* () {
    const list = yield* withClient(flags.url, (uws) => uws.results(flags.url))
    if (flags.format === "json") return yield* Output.line(JSON.stringify(list))
    if (list.length === 0) return yield* Output.line("No results (yet).")
    for (const result of list) yield* Output.line(resultLine(result))
  })
).pipe(
  Command.withDescription("List a UWS job's results: id, size, media type and URL"),
  Command.withExamples([
    {
      command: "jobscope uws results https://tap.example.org/tap/async/q7f3k2",
      description: "What it produced"
    }
  ])
)

/** `jobscope uws`. */
export const command = Command.make("uws").pipe(
  Command.withDescription(summary.uws),
  Command.withSubcommands([status, watch, abort, results])
)
