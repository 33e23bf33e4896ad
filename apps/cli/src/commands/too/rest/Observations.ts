/** `jobscope too observations`: what Swift flew (the as-flown timeline) of a target or observation. */
import { TooRest } from "@jobscope/core"
import { TooRestClient } from "@jobscope/fetch"
import { Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Output from "../../../Output.js"
import * as Problem from "../../../Problem.js"
import { restClient } from "../Parent.js"
import * as Table from "../Table.js"
import { swiftTime } from "../UtcTime.js"
import { format, shown } from "./Requests.js"

const encode = Schema.encodeSync(TooRest.ObsQuery)

/** `jobscope too observations`. */
export const command = Command.make(
  "observations",
  {
    targetIds: Flag.Int("target-id").pipe(
      Flag.withDescription("A target's ID (repeatable)"),
      Flag.atLeast(0)
    ),
    obsIds: Flag.String("obs-id").pipe(
      Flag.withDescription("An observation ID, e.g. 00012345001 (repeatable)"),
      Flag.atLeast(0)
    ),
    format
  },
  (flags) =>
    Effect.gen(function* () {
      if (flags.targetIds.length === 0 && flags.obsIds.length === 0)
        return yield* Problem.usage("give at least one --target-id or --obs-id")
      const layer = yield* restClient("observations")
      const reply = yield* Effect.flatMap(TooRestClient.TooRestClient, (too) =>
        too.observations({ targetIds: flags.targetIds, obsIds: flags.obsIds })
      ).pipe(Effect.provide(layer))
      if (flags.format === "json") return yield* Output.line(JSON.stringify(encode(reply)))
      const rows = [
        ["Observation", "Target", "Begin (UTC)", "End (UTC)", "Exposure (s)"],
        ...reply.entries.map((snapshot) => [
          shown(snapshot.obs_id),
          shown(snapshot.target_name),
          snapshot.begin ? swiftTime(snapshot.begin) : "",
          snapshot.end ? swiftTime(snapshot.end) : "",
          snapshot.settle && snapshot.end
            ? String(Math.round((snapshot.end.getTime() - snapshot.settle.getTime()) / 1000))
            : ""
        ])
      ]
      const ids = TooRest.observationIds(reply.entries)
      yield* Output.line(
        [
          `${reply.entries.length} snapshot${reply.entries.length === 1 ? "" : "s"} in ${ids.length} observation${ids.length === 1 ? "" : "s"}`,
          ...(reply.entries.length === 0 ? [] : Table.lines(rows))
        ].join("\n")
      )
    })
).pipe(
  Command.withDescription("What Swift flew of a target or observation: the as-flown timeline (REST API)"),
  Command.withExamples([
    { command: "jobscope too observations --target-id 3200001", description: "Every snapshot of a target" }
  ])
)
