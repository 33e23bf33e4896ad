/**
 * `jobscope too requests`: the TOO requests the REST API lists (the approved
 * ones, newest first; and in detail one's own, whatever their state).
 */
import { TooRest } from "@jobscope/core"
import { TooRestClient } from "@jobscope/fetch"
import { Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Output from "../../../Output.js"
import * as Style from "../../../Style.js"
import { restClient } from "../Parent.js"
import * as Table from "../Table.js"
import { swiftTime } from "../UtcTime.js"

/** Text or JSON, for the REST listings. */
export const format = Flag.Literals("format", ["text", "json"]).pipe(
  Flag.withDescription("Output: text for people (default), json for programs (the server's reply)"),
  Flag.withDefault("text")
)

/** Server text made safe to print on one line. */
export const shown = (value: unknown): string => Style.sanitize(String(value ?? ""), { singleLine: true })

const encode = Schema.encodeSync(TooRest.TooRequests)

/** `jobscope too requests`. */
export const command = Command.make(
  "requests",
  {
    tooId: Flag.Int("too-id").pipe(Flag.withDescription("Only this TOO request"), Flag.optional),
    limit: Flag.Int("limit").pipe(
      Flag.withDescription("At most this many (default: 20)"),
      Flag.withDefault(20)
    ),
    page: Flag.Int("page").pipe(
      Flag.withDescription("Which page of --limit requests, from 1"),
      Flag.optional
    ),
    year: Flag.Int("year").pipe(Flag.withDescription("Only those submitted in this year"), Flag.optional),
    detail: Flag.Boolean("detail").pipe(
      Flag.withDescription("Also your own requests in detail, whatever their state (needs --username)"),
      Flag.withDefault(false)
    ),
    format
  },
  (flags) =>
    Effect.gen(function* () {
      const layer = yield* restClient("requests")
      const reply = yield* Effect.flatMap(TooRestClient.TooRestClient, (too) =>
        too.requests({
          limit: flags.limit,
          detail: flags.detail,
          ...(Option.isSome(flags.tooId) ? { tooId: flags.tooId.value } : {}),
          ...(Option.isSome(flags.page) ? { page: flags.page.value } : {}),
          ...(Option.isSome(flags.year) ? { year: flags.year.value } : {})
        })
      ).pipe(Effect.provide(layer))
      if (flags.format === "json") return yield* Output.line(JSON.stringify(encode(reply)))
      const findings = (request: TooRest.TooRequest): TooRest.Findings => ({
        request,
        observations: [],
        data: {}
      })
      const rows = [
        ["TOO", "Target", "Submitted (UTC)", "Stage", "Visits", "Target ID", "From", "To"],
        ...reply.entries.map((request) => [
          String(request.too_id ?? ""),
          shown(request.target_name),
          request.timestamp ? swiftTime(request.timestamp) : "",
          TooRest.stageOf(findings(request)),
          String(request.calendar?.entries.length ?? 0),
          String(request.target_id ?? ""),
          shown(request.date_begin),
          shown(request.date_end)
        ])
      ]
      yield* Output.line(
        [
          `${reply.entries.length} Swift TOO request${reply.entries.length === 1 ? "" : "s"}`,
          ...(reply.entries.length === 0 ? [] : Table.lines(rows))
        ].join("\n")
      )
    })
).pipe(
  Command.withDescription("List TOO requests, newest first (REST API)"),
  Command.withExamples([
    { command: "jobscope too requests --limit 5", description: "The five latest approved TOO requests" },
    {
      command: "jobscope too requests --username you --detail --format json",
      description: "Your own requests in detail, as the server's JSON"
    }
  ])
)
