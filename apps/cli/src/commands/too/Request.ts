/**
 * `jobscope too request`: sends a Swift TOO request, from flags for its
 * common fields and a `--data` file for the rest, checked before it is sent.
 */
import { DecodeError, Too } from "@jobscope/core"
import { JobRef, TooClient } from "@jobscope/fetch"
import { Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Flags from "../../Flags.js"
import * as Follow from "../../Follow.js"
import * as InputFile from "../../InputFile.js"
import * as JsonText from "../../JsonText.js"
import * as Output from "../../Output.js"
import * as Problem from "../../Problem.js"
import * as SpeedCheck from "../../SpeedCheck.js"
import { client, too } from "./Parent.js"
import { swiftTime, utcTime } from "./UtcTime.js"

/** The flags of the common `Swift_TOO_Request` fields, keyed by field; `--data` gives any other. */
const requestFields = {
  source_name: Flag.String("source-name").pipe(
    Flag.withDescription('The target\'s name, e.g. "SN 2026abc"'),
    Flag.optional
  ),
  source_type: Flag.String("source-type").pipe(
    Flag.withDescription("What the target is, e.g. GRB, Supernova, AGN, Nova"),
    Flag.optional
  ),
  ra: Flags.rightAscension().pipe(Flag.optional),
  dec: Flags.declination().pipe(Flag.optional),
  poserr: Flag.Finite("poserr").pipe(Flag.withDescription("Position error in arcminutes"), Flag.optional),
  instrument: Flag.Literals("instrument", ["XRT", "BAT", "UVOT"]).pipe(
    Flag.withDescription("The instrument that matters most"),
    Flag.optional
  ),
  urgency: Flag.Int("urgency").pipe(
    Flag.withDescription("1 (within hours), 2 (within a day), 3 (days), 4 (weeks)"),
    Flag.optional
  ),
  obs_type: Flag.Literals("obs-type", ["Spectroscopy", "Light Curve", "Position", "Timing"]).pipe(
    Flag.withDescription("What the observation is for"),
    Flag.optional
  ),
  exposure: Flag.Finite("exposure").pipe(Flag.withDescription("Total exposure in seconds"), Flag.optional),
  exp_time_per_visit: Flag.Finite("exp-time-per-visit").pipe(
    Flag.withDescription("Exposure per visit in seconds"),
    Flag.optional
  ),
  num_of_visits: Flag.Int("num-of-visits").pipe(
    Flag.withDescription("How many visits (default: 1)"),
    Flag.optional
  ),
  monitoring_freq: Flag.String("monitoring-freq").pipe(
    Flag.withDescription('Time between visits, e.g. "1 day" or "3 orbits" (needed for more than one visit)'),
    Flag.optional
  ),
  // Sent by name, as swift_too sends it (the real server took xrt_mode "WT").
  xrt_mode: Flag.ChoiceWithValue("xrt-mode", [
    ["auto", "Auto"],
    ["WT", "WT"],
    ["PC", "PC"]
  ] as const).pipe(
    Flag.withDescription("XRT mode: auto, WT (windowed timing) or PC (photon counting), sent by name"),
    Flag.optional
  ),
  immediate_objective: Flag.String("immediate-objective").pipe(
    Flag.withDescription("What this observation should achieve, in a sentence"),
    Flag.optional
  ),
  science_just: Flag.String("science-just").pipe(
    Flag.withDescription("The scientific justification"),
    Flag.optional
  ),
  exp_time_just: Flag.String("exp-time-just").pipe(
    Flag.withDescription("Why this exposure time is needed"),
    Flag.optional
  ),
  grb_triggertime: utcTime("grb-triggertime").pipe(
    Flag.withDescription("A GRB's trigger time, UTC (needed for a GRB)"),
    Flag.map(swiftTime),
    Flag.optional
  ),
  grb_detector: Flag.String("grb-detector").pipe(
    Flag.withDescription('The instrument that detected a GRB, e.g. "Swift/BAT" (needed for a GRB)'),
    Flag.optional
  )
}

type RequestField = keyof typeof requestFields

const flagOf = (field: string): string | undefined =>
  field in requestFields ? `--${field.replaceAll("_", "-")}` : undefined

/** The fields of a request the client fills in or the server does, which a data file may carry but are not sent. */
const notSent = new Set([
  "username",
  "too_id",
  "target_id",
  "decision",
  "done",
  "date_begin",
  "date_end",
  "status"
])

const requestSchema = Too.Request.fields.api_data
const knownFields = new Set(Object.keys(requestSchema.fields))

/** A `--data` file: the request's fields, alone or in their `Swift_TOO_Request` envelope. */
const DataFile = Schema.Union([
  Schema.Struct({
    api_name: Schema.Literal("Swift_TOO_Request"),
    api_data: Schema.Record(Schema.String, Schema.Unknown)
  }),
  Schema.Record(Schema.String, Schema.Unknown)
])

/** The fields a `--data` file gives, without those not sent; a field no request has is an error. */
const fieldsOf = (path: string) =>
  Effect.gen(function* () {
    const file = yield* InputFile.read(path)
    const subject = `--data ${file.name}`
    const decoded = DecodeError.decodeJson(
      DataFile.annotate({ expected: "a JSON object of Swift_TOO_Request fields" }),
      subject
    )(file.text)
    if (Result.isFailure(decoded)) return yield* Effect.fail(decoded.failure)
    const fields =
      "api_name" in decoded.success ? (decoded.success.api_data as Record<string, unknown>) : decoded.success
    const unknown = Object.keys(fields).filter((key) => !knownFields.has(key))
    if (unknown.length > 0)
      return yield* Effect.fail(
        DecodeError.make(
          subject,
          unknown.map((key) => ({
            path: key,
            message: "is not a field of a TOO request (jobscope too request --help lists the common ones)"
          }))
        )
      )
    return Object.fromEntries(Object.entries(fields).filter(([key]) => !notSent.has(key)))
  })

/** A decode failure with each field's flag named beside it, so the user sees what to give. */
const withFlagNames = (error: DecodeError.DecodeError): DecodeError.DecodeError =>
  DecodeError.make(
    error.subject,
    error.problems.map((problem) => {
      const flag = flagOf(problem.path.split(/[.[]/)[0] ?? "")
      return flag === undefined ? problem : { ...problem, path: `${problem.path} (${flag})` }
    })
  )

/** `jobscope too request`. */
export const command = Command.make(
  "request",
  {
    ...requestFields,
    data: Flag.String("data").pipe(
      Flag.withDescription(
        "A JSON file of any other Swift_TOO_Request fields (or the whole request; - reads standard input); flags override it"
      ),
      Flag.optional
    ),
    validateOnly: Flag.Boolean("validate-only").pipe(
      Flag.withDescription("Ask the server to check the request without creating a TOO"),
      Flag.withDefault(false)
    ),
    watch: Flags.thenWatch,
    ...Flags.watch
  },
  (flags) =>
    Effect.gen(function* () {
      const layer = yield* client
      const { username } = yield* too
      // The API takes no TOO request from anonymous: say so before anything is sent.
      if (Option.isNone(username))
        return yield* Problem.usage(
          "a TOO request needs the username you registered at the Swift TOO site and its shared secret: give --username and --secret (or --secret-file), or set JOBSCOPE_TOO_USERNAME and JOBSCOPE_TOO_SECRET"
        )
      // Before sending: a --speed refused after the request went would leave its job unwatched.
      if (flags.watch) yield* SpeedCheck.check(flags.speed)
      const fromFile = Option.isSome(flags.data) ? yield* fieldsOf(flags.data.value) : {}
      const fromFlags: Record<string, unknown> = {}
      for (const field of Object.keys(requestFields) as Array<RequestField>) {
        const value = flags[field] as Option.Option<unknown>
        if (Option.isSome(value)) fromFlags[field] = value.value
      }
      const decoded = DecodeError.decodeUnknown(
        requestSchema,
        "Swift TOO request, not sent"
      )({
        num_of_visits: 1,
        ...fromFile,
        ...fromFlags,
        username: username.value
      })
      // A request that breaks the API's rules is a command line to fix: nothing was sent.
      if (Result.isFailure(decoded)) return yield* Problem.usage(withFlagNames(decoded.failure).message)
      const { username: _, validate_only, ...data } = decoded.success
      const validateOnly = flags.validateOnly || validate_only === true
      const first = yield* Effect.gen(function* () {
        const tooClient = yield* TooClient.TooClient
        return yield* tooClient.request(data, { validateOnly })
      }).pipe(Effect.provide(layer))
      const job = JobRef.fromToo(first, `TOO request for ${data.source_name}`)
      const { jobnumber } = job.ref
      yield* Output.line(
        flags.format === "json"
          ? JsonText.stringify({ job: jobnumber, status: first.api_data.status ?? "Unknown", validateOnly })
          : `Sent a Swift TOO request for ${data.source_name}${validateOnly ? " to be checked only (no TOO will be created)" : ""}: job ${jobnumber} (${first.api_data.status ?? "Unknown"})`
      )
      if (flags.watch) yield* Follow.follow([job], flags).pipe(Effect.provide(layer))
    })
).pipe(
  Command.withDescription(
    "Send a TOO request (needs a registered username and shared secret); checked locally against the API's rules first"
  ),
  Command.withExamples([
    {
      command:
        'jobscope too request --source-name "SN 2026abc" --source-type Supernova --ra 219.2875 --dec -60.8333 --obs-type "Light Curve" --exposure 2000 --science-just "…" --exp-time-just "…" --watch',
      description: "One visit of 2 ks, followed until the server has processed it"
    },
    {
      command: "jobscope too request --data request.json --urgency 2 --validate-only",
      description:
        "The fields in a file, with a flag overriding one, checked by the server without creating a TOO"
    }
  ])
)
