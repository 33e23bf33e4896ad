/**
 * `jobscope too …`: the Swift Target-of-Opportunity API. Ask when Swift can
 * observe a position, send a TOO request, see or follow a job. Requests are
 * signed with the user's shared secret, which never leaves the client's
 * `Redacted` and appears in no output or error.
 */
import { DecodeError, Elapsed, Too } from "@jobscope/core"
import { JobRef, TooClient, Watch } from "@jobscope/fetch"
import * as Config from "effect/Config"
import { Argument, Command, Flag } from "effect/cli"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Clients from "../Clients.js"
import * as ExitCode from "../ExitCode.js"
import * as Flags from "../Flags.js"
import * as Follow from "../Follow.js"
import * as InputFile from "../InputFile.js"
import * as Output from "../Output.js"
import * as Problem from "../Problem.js"
import * as Style from "../Style.js"

const realService = "https://www.swift.psu.edu"

/** The flags every `too` command shares. */
const too = Command.make("too").pipe(
  Command.withSharedFlags({
    baseUrl: Flags.baseUrl("JOBSCOPE_TOO_URL", realService),
    username: Flag.String("username").pipe(
      Flag.withDescription(
        "The username you registered at the Swift TOO site; also $JOBSCOPE_TOO_USERNAME (default: anonymous, which may do all but send a TOO request)"
      ),
      Flag.withFallbackConfig(Config.String("JOBSCOPE_TOO_USERNAME")),
      Flag.optional
    ),
    secret: Flag.Redacted("secret").pipe(
      Flag.withDescription(
        "Your shared secret, which signs each request and is never sent or shown; also $JOBSCOPE_TOO_SECRET"
      ),
      Flag.withFallbackConfig(Config.Redacted("JOBSCOPE_TOO_SECRET")),
      Flag.optional
    )
  }),
  Command.withDescription(
    "The Swift Target-of-Opportunity API: visibility, TOO requests, and following its jobs"
  )
)

/** The client: a registered user with their shared secret, or anonymous when neither is given. */
const client = Effect.gen(function* () {
  const { baseUrl, username, secret } = yield* too
  if (Option.isSome(username) && Option.isSome(secret))
    return Clients.too({ baseUrl, username: username.value, secret: secret.value })
  if (Option.isNone(username) && Option.isNone(secret)) return Clients.too({ baseUrl })
  return yield* Problem.usage(
    Option.isSome(username)
      ? "--username needs the shared secret that goes with it: give --secret or set JOBSCOPE_TOO_SECRET (or give neither, to be anonymous)"
      : "--secret needs the username it belongs to: give --username or set JOBSCOPE_TOO_USERNAME (or give neither, to be anonymous)"
  )
})

const utcShape = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * A date or time as a user types it: "2026-03-01", "2026-03-01 12:30",
 * "2026-03-01T12:30:00Z"; UTC unless it names a zone, as Swift's times are.
 */
const utcTime = (name: string) =>
  Flag.String(name).pipe(
    Flag.mapTryCatch(
      (text: string): Date => {
        const match = utcShape.exec(text.trim())
        const wrong = `--${name} takes a UTC date or time such as 2026-03-01 or "2026-03-01 12:30:00", not "${text}"`
        if (match === null) throw new Error(wrong)
        const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "", zone = "Z"] =
          match
        const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${zone}`)
        // Date rolls 2026-02-30 over into March: a day that does not exist is refused, not moved.
        const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
        if (
          Number.isNaN(date.getTime()) ||
          calendar.getUTCMonth() !== Number(month) - 1 ||
          calendar.getUTCDate() !== Number(day)
        )
          throw new Error(wrong)
        return date
      },
      (error) => (error instanceof Error ? error.message : String(error))
    )
  )

/** A time as Swift writes it, "YYYY-MM-DD HH:MM:SS" in UTC (milliseconds kept when there are any). */
const swiftTime = (date: Date): string => {
  const iso = date.toISOString().replace("T", " ").replace("Z", "")
  return iso.endsWith(".000") ? iso.slice(0, 19) : iso
}

const jobNumber = Argument.Int("jobnumber").pipe(
  Argument.withDescription("The job's number, as visibility or request printed it")
)

// ---------------------------------------------------------------------------------------------
// visibility

/** A window's length for people: "06:48:00", or "45d 06:48:00" past a day. */
const spanOf = (begin: Date, end: Date): string => {
  const seconds = Math.max(0, Math.floor((end.getTime() - begin.getTime()) / 1000))
  const days = Math.floor(seconds / 86400)
  const rest = Elapsed.format(Duration.seconds(seconds % 86400))
  return days > 0 ? `${days}d ${rest}` : rest
}

/** What a finished visibility query found. */
interface Visibility {
  readonly job: number
  readonly query: Too.VisQuery["api_data"]
  readonly warnings: ReadonlyArray<string>
}

const windowsOf = (visibility: Visibility) =>
  (visibility.query.windows ?? []).map((window) => window.api_data)

const visibilityText = (visibility: Visibility): string => {
  const { ra, dec, begin, length } = visibility.query
  const windows = windowsOf(visibility)
  const over = `${length} day${length === 1 ? "" : "s"} from ${swiftTime(begin)} UTC`
  const head =
    windows.length === 0
      ? `Swift TOO job ${visibility.job}: Swift cannot observe RA ${ra}, Dec ${dec} in the ${over}`
      : `Swift TOO job ${visibility.job}: Swift can observe RA ${ra}, Dec ${dec} in ${windows.length} window${windows.length === 1 ? "" : "s"} over the ${over}`
  const rows = windows.map((window) => [
    swiftTime(window.begin),
    swiftTime(window.end),
    spanOf(window.begin, window.end)
  ])
  const table = windows.length === 0 ? [] : [["Begin (UTC)", "End (UTC)", "Duration"], ...rows]
  const widths = [0, 1].map((column) => Math.max(...table.map((row) => row[column]!.length)))
  return [
    head,
    ...table.map(
      (row) =>
        `  ${row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join("  ")
          .trimEnd()}`
    ),
    ...visibility.warnings.map((warning) => `Warning: ${Style.sanitize(warning, { singleLine: true })}`)
  ].join("\n")
}

const visibilityJson = (visibility: Visibility): string =>
  JSON.stringify({
    job: visibility.job,
    ra: visibility.query.ra,
    dec: visibility.query.dec,
    begin: visibility.query.begin.toISOString(),
    days: visibility.query.length,
    windows: windowsOf(visibility).map((window) => ({
      begin: window.begin.toISOString(),
      end: window.end.toISOString(),
      seconds: Math.round((window.end.getTime() - window.begin.getTime()) / 1000)
    })),
    warnings: visibility.warnings
  })

/** The visibility windows in a finished job's reply; a rejected job is an unsuccessful one (exit 1). */
const visibilityOf = (reply: Too.Status) =>
  Effect.gen(function* () {
    const data = reply.api_data
    const job = data.jobnumber ?? 0
    if (data.status === "Rejected") {
      const why =
        Style.sanitize((data.errors ?? []).join(" "), { singleLine: true }) || "the server did not say why"
      return yield* Effect.fail(
        new ExitCode.JobsUnsuccessful({
          jobs: [`Swift TOO job ${job}: rejected`],
          message: `Swift TOO job ${job} was rejected: ${why}`
        })
      )
    }
    const result = data.result
    if (result?.api_name !== "Swift_VisQuery")
      return yield* Effect.fail(
        DecodeError.make(`Swift TOO job ${job}`, [
          {
            path: "api_data.result",
            message: `the finished job's result is ${result ? `a ${result.api_name}` : "missing"}, not the Swift_VisQuery asked for`
          }
        ])
      )
    return {
      job,
      query: (result as Too.VisQuery).api_data,
      warnings: data.warnings ?? []
    } satisfies Visibility
  })

const visibility = Command.make(
  "visibility",
  {
    ra: Flag.Finite("ra").pipe(Flag.withDescription("Right ascension in degrees (J2000), 0 to 360")),
    dec: Flag.Finite("dec").pipe(Flag.withDescription("Declination in degrees (J2000), -90 to 90")),
    begin: utcTime("begin").pipe(
      Flag.withDescription("The start of the period searched, UTC, e.g. 2026-03-01 (default: now)"),
      Flag.optional
    ),
    days: Flag.Finite("days").pipe(Flag.withDescription("How many days to search"), Flag.withDefault(1)),
    hires: Flag.Boolean("hires").pipe(
      Flag.withDescription("High-resolution windows"),
      Flag.withDefault(false)
    ),
    format: Flag.Literals("format", ["text", "json"]).pipe(
      Flag.withDescription("Output: text, a table for people (default); json, the windows for programs"),
      Flag.withDefault("text")
    ),
    deadline: Flags.deadline,
    speed: Flags.speed
  },
  (flags) =>
    Effect.gen(function* () {
      if (flags.ra < 0 || flags.ra > 360)
        return yield* Problem.usage(`--ra takes degrees from 0 to 360, not ${flags.ra}`)
      if (flags.dec < -90 || flags.dec > 90)
        return yield* Problem.usage(`--dec takes degrees from -90 to 90, not ${flags.dec}`)
      if (flags.days <= 0)
        return yield* Problem.usage(`--days takes a number of days above 0, not ${flags.days}`)
      const layer = yield* client
      const done = yield* Effect.gen(function* () {
        const tooClient = yield* TooClient.TooClient
        const first = yield* tooClient.visibility(flags.ra, flags.dec, {
          length: flags.days,
          ...(Option.isSome(flags.begin) ? { begin: flags.begin.value } : {}),
          ...(flags.hires ? { hires: true } : {})
        })
        return yield* Watch.waitFor(JobRef.fromToo(first), {
          first,
          policy: { speed: flags.speed },
          ...(Option.isSome(flags.deadline) ? { deadline: flags.deadline.value } : {})
        })
      }).pipe(Effect.provide(layer))
      const found = yield* visibilityOf(done.reply)
      yield* Output.line(flags.format === "json" ? visibilityJson(found) : visibilityText(found))
    })
).pipe(
  Command.withDescription(
    "When can Swift observe a position? Asks, waits for the answer, and prints the windows"
  ),
  Command.withExamples([
    {
      command: "jobscope too visibility --ra 83.633 --dec 22.0145 --days 7",
      description: "The Crab, over the next week"
    },
    {
      command:
        "jobscope too visibility --ra 195.69856 --dec -63.83573 --begin 2026-03-01 --days 28 --format json",
      description: "Four weeks from 1 March, as JSON"
    }
  ])
)

// ---------------------------------------------------------------------------------------------
// request

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
  ra: Flag.Finite("ra").pipe(Flag.withDescription("Right ascension in degrees (J2000)"), Flag.optional),
  dec: Flag.Finite("dec").pipe(Flag.withDescription("Declination in degrees (J2000)"), Flag.optional),
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
  xrt_mode: Flag.ChoiceWithValue("xrt-mode", [
    ["auto", 0],
    ["WT", 6],
    ["PC", 7]
  ] as const).pipe(
    Flag.withDescription("XRT mode: auto, WT (windowed timing) or PC (photon counting)"),
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
          unknown.map((key) => ({ path: key, message: "is not a field of a Swift_TOO_Request" }))
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

const request = Command.make(
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
    watch: Flag.Boolean("watch").pipe(
      Flag.withDescription("Follow the job until it is over"),
      Flag.withDefault(false)
    ),
    ...Flags.watch
  },
  (flags) =>
    Effect.gen(function* () {
      const layer = yield* client
      const { username } = yield* too
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
        // The client signs as this user and refuses anonymous requests itself.
        username: Option.getOrElse(username, () => "anonymous")
      })
      if (Result.isFailure(decoded)) return yield* Effect.fail(withFlagNames(decoded.failure))
      const { username: _, validate_only, ...data } = decoded.success
      const validateOnly = flags.validateOnly || validate_only === true
      const first = yield* Effect.gen(function* () {
        const tooClient = yield* TooClient.TooClient
        return yield* tooClient.request(data, { validateOnly })
      }).pipe(Effect.provide(layer))
      const ref = JobRef.fromToo(first, `TOO request for ${data.source_name}`)
      yield* Output.line(
        flags.format === "json"
          ? JSON.stringify({ job: ref.jobnumber, status: first.api_data.status ?? "Unknown", validateOnly })
          : `Sent a Swift TOO request for ${data.source_name}${validateOnly ? " to be checked only (no TOO will be created)" : ""}: job ${ref.jobnumber} (${first.api_data.status ?? "Unknown"})`
      )
      if (flags.watch) yield* Follow.follow([ref], flags).pipe(Effect.provide(layer))
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

// ---------------------------------------------------------------------------------------------
// status, watch

const status = Command.make("status", { job: jobNumber, format: Flags.format }, (flags) =>
  Effect.gen(function* () {
    const layer = yield* client
    const snapshot = yield* Watch.status(JobRef.too(flags.job)).pipe(Effect.provide(layer))
    yield* Output.snapshot(snapshot, flags.format)
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
export const command = too.pipe(Command.withSubcommands([visibility, request, status, watch]))
