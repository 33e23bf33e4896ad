/**
 * `jobscope too submit`: submits a TOO request through the REST API (logging
 * in with the user's shared secret), from a JSON file of its fields, and
 * with `--watch` follows it through its life to its data.
 */
import { DecodeError } from "@jobscope/core"
import { JobRef, TooRestClient } from "@jobscope/fetch"
import { Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Flags from "../../../Flags.js"
import * as Follow from "../../../Follow.js"
import * as InputFile from "../../../InputFile.js"
import * as Output from "../../../Output.js"
import * as Style from "../../../Style.js"
import { restClient } from "../Parent.js"

const text = Schema.optionalKey(Schema.String)
const number = Schema.optionalKey(Schema.Finite)

/** A TOO request's fields as the REST API names them (see `TooRestClient.Submission`). */
const Submission = Schema.Struct({
  target_name: Schema.String,
  target_type: Schema.String,
  ra: Schema.Finite,
  dec: Schema.Finite,
  poserr: number,
  instrument: Schema.optionalKey(Schema.Literals(["XRT", "UVOT", "BAT"])),
  obs_type: Schema.Literals(["Spectroscopy", "Light Curve", "Position", "Timing"]),
  urgency: Schema.optionalKey(Schema.Literals([0, 1, 2, 3, 4])),
  opt_mag: number,
  opt_filt: text,
  xrt_countrate: Schema.optionalKey(Schema.Union([Schema.Finite, Schema.String])),
  bat_countrate: Schema.optionalKey(Schema.Union([Schema.Finite, Schema.String])),
  other_brightness: text,
  grb_detector: text,
  grb_triggertime: Schema.optionalKey(Schema.Date),
  immediate_objective: Schema.String,
  science_just: Schema.String,
  exposure: number,
  exp_time_just: Schema.String,
  exp_time_per_visit: number,
  num_of_visits: Schema.optionalKey(Schema.Int),
  monitoring_freq: text,
  xrt_mode: Schema.optionalKey(Schema.Literals([0, 6, 7])),
  uvot_mode: text,
  uvot_just: text,
  proposal: Schema.optionalKey(Schema.Boolean),
  proposal_id: text,
  proposal_pi: text,
  proposal_trigger_just: text
})

const decodeSubmission = (name: string) =>
  DecodeError.decodeJson(Schema.toCodecJson(Submission), `the TOO request in ${name}`)

/** `jobscope too submit`. */
export const command = Command.make(
  "submit",
  {
    data: Flag.String("data").pipe(
      Flag.withDescription(
        "A JSON file (or - for standard input) of the request's fields as the REST API names them: target_name, target_type, ra, dec, obs_type, a brightness, exposure and justifications"
      )
    ),
    validateOnly: Flag.Boolean("validate-only").pipe(
      Flag.withDescription("Have the server check the request without creating one"),
      Flag.withDefault(false)
    ),
    watch: Flags.thenWatch,
    ...Flags.watch
  },
  (flags) =>
    Effect.gen(function* () {
      const layer = yield* restClient("submit")
      const file = yield* InputFile.read(flags.data)
      const decoded = decodeSubmission(file.name)(file.text)
      if (Result.isFailure(decoded)) return yield* Effect.fail(decoded.failure)
      const submission: TooRestClient.Submission = decoded.success
      const name = Style.sanitize(submission.target_name, { singleLine: true })
      // One client for the submission and the watch: one login, one session.
      yield* Effect.gen(function* () {
        const too = yield* TooRestClient.TooRestClient
        const reply = yield* too.submit(submission, { validateOnly: flags.validateOnly })
        if (flags.format === "json" && !flags.watch) return yield* Output.line(JSON.stringify(reply))
        if (typeof reply.too_id !== "number")
          return yield* Output.line(
            `The server checked the TOO request for ${name}: ${Style.sanitize(reply.status)}`
          )
        yield* Output.line(`Submitted a Swift TOO request for ${name}: TOO ${reply.too_id}`)
        if (flags.watch) yield* Follow.follow([JobRef.fromTooSubmit(reply, submission.target_name)], flags)
      }).pipe(Effect.provide(layer))
    })
).pipe(
  Command.withDescription("Submit a TOO request (REST API; needs --username and the shared secret)"),
  Command.withExamples([
    {
      command: "jobscope too submit --data request.json --username you",
      description: "Submit it; prints its TOO id"
    },
    {
      command: "jobscope too submit --data request.json --username you --validate-only",
      description: "Have the server check it without creating a TOO"
    },
    {
      command: "jobscope too submit --data request.json --username you --watch --state too.json",
      description: "Submit it and follow it to its data, resumable from too.json"
    }
  ])
)
