/**
 * `jobscope too follow <too_id>`: follows a TOO request through its life —
 * the duty scientist's decision, the calendar, each visit's exposure as it is
 * flown, the data in the archive — politely (a minute at the least between
 * polls, backing off to an hour, closing in on the calendar's end).
 */
import { JobRef } from "@jobscope/fetch"
import { Argument, Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Flags from "../../../Flags.js"
import * as Follow from "../../../Follow.js"
import { restClient } from "../Parent.js"

/** A TOO id, as a positional argument. */
export const tooId = Argument.Int("too_id").pipe(
  Argument.withDescription("The TOO request's id, as submit or requests printed it")
)

/** `jobscope too follow`. */
export const command = Command.make(
  "follow",
  { tooIds: tooId.pipe(Argument.variadic({ min: 1 })), ...Flags.watch },
  (flags) =>
    Effect.gen(function* () {
      const layer = yield* restClient("follow")
      yield* Follow.follow(
        flags.tooIds.map((id) => JobRef.tooRequest(id)),
        flags
      ).pipe(Effect.provide(layer))
    })
).pipe(
  Command.withDescription(
    "Follow TOO requests through their life: decision, calendar, visits, data (REST API)"
  ),
  Command.withExamples([
    {
      command: "jobscope too follow 22680",
      description: "Follow TOO 22680 live until its data are in the archive"
    },
    {
      command: "jobscope too follow 22680 --state too-22680.json --format json",
      description: "One JSON object per poll; run again with the same --state to go on, repeating no event"
    }
  ])
)
