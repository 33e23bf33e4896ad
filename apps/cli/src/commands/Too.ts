/**
 * `jobscope too …`: the Swift Target-of-Opportunity API. Through the REST
 * API (the default): submit a TOO request, list requests, follow one through
 * its life, read its calendar and observations. Through API 1.2 (`--api
 * 1.2`): ask when Swift can observe a position, send a signed request, see or
 * follow a job in the API's queue. The shared secret never leaves the
 * client's `Redacted` and appears in no output or error.
 */
import { Too } from "@jobscope/core"
import { Followable, JobRef } from "@jobscope/fetch"
import { Argument, Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Flags from "../Flags.js"
import * as Follow from "../Follow.js"
import * as Output from "../Output.js"
import * as Lookups from "./too/Lookups.js"
import { client, jobNumber, too } from "./too/Parent.js"
import * as Request from "./too/Request.js"
import * as Calendar from "./too/rest/Calendar.js"
import * as FollowRequest from "./too/rest/FollowRequest.js"
import * as Observations from "./too/rest/Observations.js"
import * as Requests from "./too/rest/Requests.js"
import * as Submit from "./too/rest/Submit.js"
import * as Visibility from "./too/Visibility.js"

const status = Command.make(
  "status",
  { job: jobNumber, format: Flags.format, raw: Output.rawFlag },
  (flags) =>
    Effect.gen(function* () {
      const layer = yield* client
      const answer = yield* Followable.poll(JobRef.too(flags.job)).pipe(Effect.provide(layer))
      if (flags.raw) return yield* Output.reply(Too.Envelope, answer.reply)
      yield* Output.snapshot(answer.snapshot, flags.format)
    })
).pipe(
  Command.withDescription("Show where a job stands now (one request)"),
  Command.withExamples([
    {
      command: "jobscope too status 1111",
      description: "Job 1111: queued, processing, accepted or rejected"
    },
    { command: "jobscope too status 1111 --format json", description: "The same, as JSON" }
  ])
)

const watch = Command.make(
  "watch",
  { jobs: jobNumber.pipe(Argument.variadic({ min: 1 })), ...Flags.watch },
  (flags) =>
    Effect.gen(function* () {
      const layer = yield* client
      yield* Follow.follow(
        flags.jobs.map((job) => JobRef.too(job)),
        flags
      ).pipe(Effect.provide(layer))
    })
).pipe(
  Command.withDescription("Follow jobs live until the server has processed them"),
  Command.withExamples([
    { command: "jobscope too watch 1111", description: "Follow job 1111 until it is accepted or rejected" },
    {
      command: 'jobscope too watch 1111 1112 --deadline "10 minutes" --format json',
      description: "Two jobs, one JSON object per update, exit 3 after ten minutes"
    }
  ])
)

/** `jobscope too`. */
export const command = too.pipe(
  Command.withSubcommands([
    Submit.command,
    Requests.command,
    FollowRequest.command,
    Calendar.command,
    Observations.command,
    Visibility.command,
    Request.command,
    status,
    watch,
    Lookups.resolve,
    Lookups.afst
  ])
)
