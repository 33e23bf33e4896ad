/**
 * `jobscope tom …`: the async processes of a TOM Toolkit site (tom_education):
 * see a target's processes or a pipeline's log, or follow either until it is
 * over. A TOM has no public address, so `--base-url` is required; its token,
 * when it needs one, stays `Redacted`.
 */
import { Tom } from "@jobscope/core"
import { Follow as FetchFollow, Followable, JobRef } from "@jobscope/fetch"
import * as Config from "effect/Config"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Clients from "../Clients.js"
import * as Flags from "../Flags.js"
import * as Follow from "../Follow.js"
import * as Output from "../Output.js"
import * as Problem from "../Problem.js"
import * as Style from "../Style.js"
import { summary } from "./Summary.js"

/** The flags every `tom` command shares. */
const tom = Command.make("tom").pipe(
  Command.withSharedFlags({
    baseUrl: Flags.baseUrl("JOBSCOPE_TOM_URL").pipe(Flag.optional),
    token: Flag.Redacted("token").pipe(
      Flag.withDescription("An API token, if the TOM needs a login; also $JOBSCOPE_TOM_TOKEN"),
      Flag.withFallbackConfig(Config.Redacted("JOBSCOPE_TOM_TOKEN")),
      Flag.optional
    ),
    tokenFile: Flags.secretFile("token-file", "the API token")
  }),
  Command.withDescription(summary.tom),
  Command.withExamples([
    {
      command: "jobscope tom watch 7 --base-url https://tom.example.org",
      description: "Follow every process of target 7 until each is over"
    },
    {
      command: "jobscope tom logs 45 --base-url https://tom.example.org",
      description: "Pipeline 45's status and its log so far"
    }
  ])
)

/** The client, once the TOM's address is known. */
const client = Effect.gen(function* () {
  const flags = yield* tom
  const { baseUrl } = flags
  const token = yield* Flags.secretOf(flags.token, flags.tokenFile, "--token", "--token-file")
  if (Option.isNone(baseUrl))
    return yield* Problem.usage(
      "a TOM has no public address: give --base-url or set JOBSCOPE_TOM_URL, e.g. https://tom.example.org"
    )
  return Clients.tom({ baseUrl: baseUrl.value, ...(Option.isSome(token) ? { token: token.value } : {}) })
})

const target = Argument.String("target").pipe(
  Argument.withDescription("The target's primary key, as in the TOM's URLs (/targets/7/)")
)

const pipelineDescription = "The pipeline's primary key, as in its page's URL (/pipeline/45)"

const status = Command.make("status", { target, format: Flags.format, raw: Output.rawFlag }, (flags) =>
  Effect.gen(function* () {
    const layer = yield* client
    const answer = yield* Followable.poll(JobRef.tomTarget(flags.target)).pipe(Effect.provide(layer))
    if (flags.raw) return yield* Output.reply(Tom.AsyncStatusResponse, answer.reply)
    yield* Output.snapshot(answer.snapshot, flags.format)
  })
).pipe(
  Command.withDescription("Show a target's processes as they are now (one request)"),
  Command.withExamples([
    {
      command: "jobscope tom status 7 --base-url https://tom.example.org",
      description: "Every process of target 7: pending, running, created or failed"
    },
    {
      command: "jobscope tom status 7 --format json",
      description: "The same, as JSON (with JOBSCOPE_TOM_URL set)"
    }
  ])
)

const logs = Command.make(
  "logs",
  {
    pipeline: Argument.String("pipeline").pipe(Argument.withDescription(pipelineDescription)),
    format: Flags.format
  },
  (flags) =>
    Effect.gen(function* () {
      const layer = yield* client
      const snapshot = yield* FetchFollow.status(JobRef.tomPipeline(flags.pipeline)).pipe(
        Effect.provide(layer)
      )
      if (flags.format !== "text") return yield* Output.snapshot(snapshot, flags.format)
      // The log itself, to read or pipe on; whatever the pipeline wrote cannot drive the terminal.
      const log = Style.sanitize(snapshot.tasks[0]?.logs ?? "").replace(/\n+$/, "")
      if (log !== "") yield* Output.line(log)
    })
).pipe(
  Command.withDescription(
    "Print a pipeline's log so far (text), or the pipeline with its log (json, md, html)"
  ),
  Command.withExamples([
    { command: "jobscope tom logs 45", description: "The log of pipeline 45, as the pipeline wrote it" },
    { command: "jobscope tom logs 45 --format md > pipeline-45.md", description: "A Markdown report of it" }
  ])
)

const watch = Command.make(
  "watch",
  {
    target: target.pipe(Argument.optional),
    pipeline: Flag.String("pipeline").pipe(
      Flag.withDescription(`Follow a pipeline through its log instead of a target. ${pipelineDescription}`),
      Flag.optional
    ),
    format: Flags.watchFormat,
    deadline: Flags.deadline,
    speed: Flags.speed
  },
  (flags) =>
    Effect.gen(function* () {
      const layer = yield* client
      const ref = Option.isSome(flags.target)
        ? Option.isSome(flags.pipeline)
          ? undefined
          : JobRef.tomTarget(flags.target.value)
        : Option.isSome(flags.pipeline)
          ? JobRef.tomPipeline(flags.pipeline.value)
          : undefined
      if (ref === undefined)
        return yield* Problem.usage("watch takes a target, or --pipeline <id>: one of the two")
      yield* Follow.follow([ref], flags).pipe(Effect.provide(layer))
    })
).pipe(
  Command.withDescription("Follow a target's processes, or one pipeline's log, live until they are over"),
  Command.withExamples([
    {
      command: "jobscope tom watch 7",
      description: "Every process of target 7, until each is created or failed"
    },
    {
      command: 'jobscope tom watch --pipeline 45 --deadline "30 minutes"',
      description: "Pipeline 45 with its log as it grows; exit 3 after half an hour"
    }
  ])
)

/** `jobscope tom`. */
export const command = tom.pipe(Command.withSubcommands([status, logs, watch]))
