/** `jobscope too calendar`: the visits the planners put in the calendar for a TOO request or a target. */
import { TooRest } from "@jobscope/core"
import { TooRestClient } from "@jobscope/fetch"
import { Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Output from "../../../Output.js"
import * as Problem from "../../../Problem.js"
import { restClient } from "../Parent.js"
import * as Table from "../Table.js"
import { swiftTime } from "../UtcTime.js"
import { format } from "./Requests.js"

const encode = Schema.encodeSync(TooRest.Calendar)

const seconds = (value: number | null | undefined): string =>
  value === null || value === undefined ? "" : String(Math.round(value))

/** `jobscope too calendar`. */
export const command = Command.make(
  "calendar",
  {
    tooId: Flag.Int("too-id").pipe(Flag.withDescription("The visits of this TOO request"), Flag.optional),
    targetId: Flag.Int("target-id").pipe(Flag.withDescription("The visits of this target"), Flag.optional),
    format
  },
  (flags) =>
    Effect.gen(function* () {
      if (Option.isNone(flags.tooId) && Option.isNone(flags.targetId))
        return yield* Problem.usage("give --too-id or --target-id")
      const layer = yield* restClient("calendar")
      const reply = yield* Effect.flatMap(TooRestClient.TooRestClient, (too) =>
        too.calendar({
          ...(Option.isSome(flags.tooId) ? { tooId: flags.tooId.value } : {}),
          ...(Option.isSome(flags.targetId) ? { targetId: flags.targetId.value } : {})
        })
      ).pipe(Effect.provide(layer))
      if (flags.format === "json") return yield* Output.line(JSON.stringify(encode(reply)))
      const rows = [
        ["#", "Begin (UTC)", "End (UTC)", "Planned (s)", "Flown (s)", "XRT", "UVOT"],
        ...reply.entries.map((visit, index) => [
          String(index + 1),
          visit.begin ? swiftTime(visit.begin) : "",
          visit.end ? swiftTime(visit.end) : "",
          seconds(visit.duration),
          seconds(visit.asflown),
          String(visit.xrt_mode ?? ""),
          visit.uvot_mode === null || visit.uvot_mode === undefined ? "" : `0x${visit.uvot_mode.toString(16)}`
        ])
      ]
      yield* Output.line(
        [
          `${reply.entries.length} visit${reply.entries.length === 1 ? "" : "s"} in the calendar`,
          ...(reply.entries.length === 0 ? [] : Table.lines(rows))
        ].join("\n")
      )
    })
).pipe(
  Command.withDescription("The calendar's visits of a TOO request or target, planned and flown (REST API)"),
  Command.withExamples([
    {
      command: "jobscope too calendar --too-id 22680",
      description: "Each visit: when, exposure planned and flown"
    }
  ])
)
