/**
 * `jobscope render <file|->`: a reply saved from any of the three APIs (a
 * UKSSDC status reply, a Swift TOO envelope, a TOM async status or pipeline
 * log, as `status --raw` saves it) or a job as `status --format json` wrote
 * it, shown as a job, in any output format, with no network. What does not
 * decode is an error naming the file, the place in it and what was expected.
 */
import { DecodeError, Job, Tom, Too, Ukssdc } from "@jobscope/core"
import { Html } from "@jobscope/html"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Flags from "../Flags.js"
import * as InputFile from "../InputFile.js"
import * as Output from "../Output.js"
import * as Problem from "../Problem.js"
import * as Style from "../Style.js"
import { summary } from "./Summary.js"

/** A saved reply in which the server refused the request, so there is no job to show. */
class RefusedReply extends Schema.TaggedError<RefusedReply>()("RefusedReply", { message: Schema.String }) {}

type Api = "ukssdc" | "too" | "tom"

/** What a reader knows beyond the reply. */
interface Context {
  /** When the reply was saved, as near as can be told. */
  readonly observedAt: Date
  /** The job's ID from `--job`, for a TOM reply, which does not carry it. */
  readonly job: string | undefined
}

/** One kind of saved reply: which API, what it is for people, and how it becomes a snapshot. */
interface Reader {
  readonly api: Api
  /** For messages: "a UKSSDC status reply". */
  readonly what: string
  readonly read: (
    json: unknown,
    subject: string,
    context: Context
  ) => Result.Result<Job.Snapshot, DecodeError.DecodeError>
}

/** A reader of a schema, mapped to a snapshot. */
const reader = <S extends Schema.Decoder<unknown>>(
  api: Api,
  what: string,
  schema: S,
  toSnapshot: (reply: S["Type"], context: Context) => Job.Snapshot
): Reader => ({
  api,
  what,
  read: (json, subject, context) =>
    Result.map(DecodeError.decodeUnknown(schema, subject)(json), (reply) => toSnapshot(reply, context))
})

/** A pipeline's primary key from its page's URL (`/pipeline/45`), which its log reply carries. */
const pipelineOf = (logs: Tom.PipelineLogs): string | undefined =>
  /\/pipeline\/([^/]+)\/?$/.exec(logs.view_url ?? "")?.[1]

const readers: ReadonlyArray<Reader> = [
  reader("ukssdc", "a UKSSDC status reply", Ukssdc.StatusOk, (reply, { observedAt }) =>
    Ukssdc.toSnapshot(reply, { observedAt, onlyTheJobsProducts: true })
  ),
  reader("too", "a Swift TOO envelope", Too.Envelope, (reply, { observedAt }) =>
    Too.toSnapshot(reply, { observedAt })
  ),
  // A status reply carries the TOM's clock: the best time of observation there is.
  reader("tom", "a TOM async status reply", Tom.AsyncStatusResponse, (reply, { job }) =>
    Tom.toSnapshot(reply, { target: job ?? "unknown", observedAt: reply.timestamp })
  ),
  reader("tom", "a TOM pipeline logs reply", Tom.PipelineLogs, (reply, { job, observedAt }) =>
    Tom.logsToSnapshot(reply, { pipeline: job ?? pipelineOf(reply) ?? "unknown", observedAt })
  )
]

const decodeUkssdcRefusal = Schema.decodeUnknownOption(Ukssdc.Refusal)
const decodeTomRefusal = Schema.decodeUnknownOption(Tom.NotFound)

/** The server's refusal a reply holds, in words, when it is one: a UKSSDC `OK: 0` or a TOM `{"detail"}`. */
const refusalOf = (json: unknown, api: Api | "auto"): string | undefined => {
  const ukssdc = api === "ukssdc" || api === "auto" ? decodeUkssdcRefusal(json) : Option.none()
  if (Option.isSome(ukssdc)) return `the UKSSDC refused the request: ${ukssdc.value.ERROR}`
  const tom = api === "tom" || api === "auto" ? decodeTomRefusal(json) : Option.none()
  if (Option.isSome(tom)) return `the TOM refused the request: ${tom.value.detail}`
  return undefined
}

const decodeSnapshot = Schema.decodeUnknownOption(Job.SnapshotJson)

/** The reply as a snapshot, by the first reader of the API(s) asked that fits; else why none did. */
const snapshotOf = (json: unknown, name: string, api: Api | "auto", context: Context) =>
  Effect.gen(function* () {
    // What `status --format json` wrote: a job already, shown as it was.
    const saved = decodeSnapshot(json)
    if (Option.isSome(saved) && (api === "auto" || saved.value.source === api)) return saved.value
    const refusal = refusalOf(json, api)
    if (refusal !== undefined)
      return yield* Effect.fail(
        new RefusedReply({ message: `${name}: ${Style.sanitize(refusal, { singleLine: true })}` })
      )
    const candidates = readers.filter((candidate) => api === "auto" || candidate.api === api)
    const failures: Array<{ readonly what: string; readonly error: DecodeError.DecodeError }> = []
    for (const candidate of candidates) {
      const read = candidate.read(json, `${name} as ${candidate.what}`, context)
      if (Result.isSuccess(read)) return read.success
      failures.push({ what: candidate.what, error: read.failure })
    }
    const [only] = failures
    if (failures.length === 1 && only !== undefined) return yield* Effect.fail(only.error)
    // Several kinds tried: each one's first problem says briefly what it expected.
    return yield* Effect.fail(
      DecodeError.make(
        `${name}: not a reply jobscope can render`,
        failures.map(({ what, error }) => {
          const [first] = error.problems
          const where = first === undefined || first.path === "" ? "" : `at ${first.path}: `
          return { path: "", message: `as ${what} (${where}${first?.message ?? "it did not decode"})` }
        })
      )
    )
  })

/** `jobscope render`. */
export const command = Command.make(
  "render",
  {
    file: Argument.String("file").pipe(
      Argument.withDescription(
        "The saved reply (status --raw) or job (status --format json), a JSON file; - reads standard input"
      )
    ),
    api: Flag.Literals("api", ["auto", "ukssdc", "too", "tom"]).pipe(
      Flag.withDescription("Which API the reply is from (default: auto, whichever fits)"),
      Flag.withDefault("auto")
    ),
    format: Flags.format,
    mode: Flag.Literals("mode", ["semantic", "legacy"]).pipe(
      Flag.withDescription(
        "With --format html: semantic, a standalone styled page (default); legacy, the statusCheck.js markup as a fragment"
      ),
      Flag.withDefault("semantic")
    ),
    job: Flag.String("job").pipe(
      Flag.withDescription(
        "The job's ID, for a TOM reply, which does not carry it: the target's or pipeline's primary key (default: a pipeline's from its page URL)"
      ),
      Flag.optional
    )
  },
  (flags) =>
    Effect.gen(function* () {
      if (flags.mode === "legacy" && flags.format !== "html")
        return yield* Problem.usage(
          `--mode legacy is an HTML markup: it goes with --format html, not ${flags.format}`
        )
      const file = yield* InputFile.read(flags.file)
      const json = DecodeError.decodeJson(Schema.Unknown, file.name)(file.text)
      if (Result.isFailure(json)) return yield* Effect.fail(json.failure)
      const snapshot = yield* snapshotOf(json.success, file.name, flags.api, {
        observedAt: file.modifiedAt ?? new Date(),
        job: Option.getOrUndefined(flags.job)
      })
      if (flags.mode === "legacy") return yield* Output.line(Html.render(snapshot, { mode: "legacy" }))
      yield* Output.snapshot(snapshot, flags.format)
    })
).pipe(
  Command.withDescription(summary.render),
  Command.withExamples([
    { command: "jobscope render status.json", description: "A saved UKSSDC, TOO or TOM reply, for people" },
    {
      command: "jobscope render job.json --format md",
      description: "A job saved with jobscope ukssdc status 14 --format json > job.json, as Markdown"
    },
    {
      command: "curl -s https://tom.example.org/api/pipeline/logs/45/ | jobscope render - --format md",
      description: "A TOM pipeline's log, as Markdown"
    },
    {
      command: "jobscope render status.json --api ukssdc --format html --mode legacy > status.html",
      description: "The markup the UKSSDC's own statusCheck.js would have made"
    }
  ])
)
