/**
 * The Swift Target-of-Opportunity (TOO) API, JWT era (API 1.2): every message is
 * an envelope `{api_name, api_version, api_data}`, and envelopes nest (a
 * `Swift_VisQuery` reply holds `Swift_VisWindow`s and a `Swift_TOO_Status`; a
 * status fetched with `fetchresult` holds the job's result). Known api_names
 * are checked against their own schema, discriminated on `api_name`; any other
 * api_name is a {@link GenericEnvelope}. Times stay text, as sent.
 */
import * as z from "zod"
import { JsonObject } from "./internal/json.js"
import { nestsDeeperThan } from "./internal/jsonDepth.js"
import { readonlyArray } from "./internal/readonlyArray.js"
import { UtcDateTime } from "./internal/utcDateTime.js"

/**
 * The api_names checked against their own schema; every other name is a
 * {@link GenericEnvelope}. The same list as the core's (a test holds them
 * together), written out so that a zod-only page does not bundle the core.
 */
export const knownApiNames = [
  "Swift_TOO_Status",
  "Swift_VisQuery",
  "Swift_VisWindow",
  "Swift_AFST",
  "Swift_AFST_Entry",
  "Swift_Resolve",
  "Swift_TOO_Request"
] as const

/** One of {@link knownApiNames}. */
export type KnownApiName = (typeof knownApiNames)[number]

const isKnownApiName = (name: unknown): name is KnownApiName =>
  (knownApiNames as ReadonlyArray<unknown>).includes(name)

const envelope = <const Name extends KnownApiName, Data extends z.ZodType>(apiName: Name, apiData: Data) =>
  z.object({ api_name: z.literal(apiName), api_version: z.string(), api_data: apiData })

const optional = <S extends z.ZodType>(schema: S) => z.exactOptional(schema.nullable())

// ---------------------------------------------------------------------------------------------
// Swift_TOO_Status

/**
 * Where a job stands: `Unknown` (not sent yet, client side), `Queued`, `Processing`,
 * `Accepted` (processing finished; not "the TOO was approved") or `Rejected`.
 */
export const StatusValue = z.enum(["Unknown", "Queued", "Processing", "Accepted", "Rejected"])

/** Where a job stands. */
export type StatusValue = z.output<typeof StatusValue>

const statusFields = {
  username: z.exactOptional(z.string()),
  status: z.exactOptional(StatusValue),
  jobnumber: optional(z.int()),
  too_id: optional(z.int()),
  errors: z.exactOptional(readonlyArray(z.string())),
  warnings: z.exactOptional(readonlyArray(z.string())),
  /** When the job was submitted. */
  timestamp: optional(UtcDateTime),
  began: optional(UtcDateTime),
  completed: optional(UtcDateTime),
  /** Asks the server to put the job's result in `result`. */
  fetchresult: z.exactOptional(z.boolean())
}

const StatusFields = z.object(statusFields)

/** The `api_data` of a `Swift_TOO_Status`: a job's state, and its result when fetched. */
export interface StatusData extends z.output<typeof StatusFields> {
  /** The job's own reply (any envelope), present when `fetchresult` was asked for. */
  readonly result?: Envelope | null
}

/** How deeply a job's result may nest, as in the core (`Too.maxResultNesting`). */
export const maxResultNesting = 64

/**
 * A job's result: any envelope, measured before it is checked so that a
 * hostile chain of results is an issue, not a stack overflow.
 */
const JobResult: z.ZodType<Envelope, Envelope> = z.preprocess(
  (result: Envelope, context) => {
    if (nestsDeeperThan(result, maxResultNesting))
      context.addIssue({
        code: "custom",
        message: `a result nesting deeper than ${maxResultNesting} levels`,
        input: result
      })
    return result
  },
  z.lazy((): z.ZodType<Envelope, Envelope> => Envelope)
)

/** The `api_data` of a `Swift_TOO_Status`: a job's state, and its result when fetched. */
export const StatusData: z.ZodType<StatusData, StatusData> = z.object({
  ...statusFields,
  result: optional(JobResult)
})

/** `Swift_TOO_Status`: a request for a job's state by `jobnumber`, and the server's answer. */
export const Status = envelope("Swift_TOO_Status", StatusData)

/** `Swift_TOO_Status`: a request for a job's state, and the server's answer. */
export interface Status extends z.output<typeof Status> {}

// ---------------------------------------------------------------------------------------------
// Swift_VisQuery, Swift_VisWindow

/** `Swift_VisWindow`: one stretch of time in which Swift can observe the target (begin and end only, as the server sends it). */
export const VisWindow = envelope(
  "Swift_VisWindow",
  z.object({
    begin: UtcDateTime,
    end: UtcDateTime
  })
)

/** `Swift_VisWindow`: one stretch of time in which Swift can observe the target. */
export interface VisWindow extends z.output<typeof VisWindow> {}

/** `hires` as a boolean, or as swift_too sends a tuple `(True,)`: the list `["True"]`, which the real server accepted. */
export const Hires = z.union([
  z.boolean(),
  // Typed read-only as the core's tuple is; parsed as an ordinary array (see readonlyArray).
  z.tuple([z.literal("True")]) as unknown as z.ZodType<readonly ["True"], readonly ["True"]>
])

/** `hires` as a boolean, or swift_too's `["True"]`. */
export type Hires = z.output<typeof Hires>

/** `Swift_VisQuery`: when can Swift see a position; the reply fills in `windows` and `status`. */
export const VisQuery = envelope(
  "Swift_VisQuery",
  z.object({
    username: z.string(),
    /** Right ascension, decimal degrees, J2000. */
    ra: z.number(),
    /** Declination, decimal degrees, J2000. */
    dec: z.number(),
    /** Where the search starts; left out, the server starts at the minute it received the query. */
    begin: z.exactOptional(UtcDateTime),
    /** How many days to look ahead. */
    length: z.number(),
    /** High-resolution windows (default: false). */
    hires: z.exactOptional(Hires),
    windows: z.exactOptional(readonlyArray(VisWindow)),
    status: z.exactOptional(Status)
  })
)

/** `Swift_VisQuery`: a visibility query, or its reply. */
export interface VisQuery extends z.output<typeof VisQuery> {}

// ---------------------------------------------------------------------------------------------
// Swift_AFST, Swift_AFST_Entry

/** `Swift_AFST_Entry`: one pointing of the as-flown timeline. */
export const AFSTEntry = envelope(
  "Swift_AFST_Entry",
  z.object({
    begin: optional(UtcDateTime),
    settle: optional(UtcDateTime),
    end: optional(UtcDateTime),
    ra: optional(z.number()),
    dec: optional(z.number()),
    roll: optional(z.number()),
    targname: optional(z.string()),
    targetid: optional(z.int()),
    seg: optional(z.int()),
    ra_point: optional(z.number()),
    dec_point: optional(z.number()),
    /** Instrument modes as numbers (XRT 0 auto, 6 WT, 7 PC; UVOT filter-mode codes). */
    xrt: optional(z.number()),
    uvot: optional(z.number()),
    bat: optional(z.number()),
    /** Figure of merit. */
    fom: optional(z.number()),
    obstype: optional(z.string())
  })
)

/** `Swift_AFST_Entry`: one pointing of the as-flown timeline. */
export interface AFSTEntry extends z.output<typeof AFSTEntry> {}

/** `Swift_AFST`: what Swift observed (as-flown timeline), by time, position or target; the reply fills `entries`. */
export const AFST = envelope(
  "Swift_AFST",
  z.object({
    username: z.string(),
    begin: optional(UtcDateTime),
    end: optional(UtcDateTime),
    ra: optional(z.number()),
    dec: optional(z.number()),
    /** Search radius, degrees. */
    radius: optional(z.number()),
    targetid: optional(z.int()),
    obsnum: optional(z.union([z.int(), z.string()])),
    entries: z.exactOptional(readonlyArray(AFSTEntry)),
    status: z.exactOptional(Status)
  })
)

/** `Swift_AFST`: an as-flown timeline query, or its reply. */
export interface AFST extends z.output<typeof AFST> {}

// ---------------------------------------------------------------------------------------------
// Swift_Resolve

/** `Swift_Resolve`: a source name in; its position and the resolver that found it out. */
export const Resolve = envelope(
  "Swift_Resolve",
  z.object({
    username: z.string(),
    name: z.string(),
    ra: optional(z.number()),
    dec: optional(z.number()),
    resolver: optional(z.string()),
    status: z.exactOptional(Status)
  })
)

/** `Swift_Resolve`: a name-resolution query, or its reply. */
export interface Resolve extends z.output<typeof Resolve> {}

// ---------------------------------------------------------------------------------------------
// Swift_TOO_Request

const text = (name: string) => z.string().refine((value) => value.trim() !== "", `${name} must not be empty`)

const numberWith = (test: (n: number) => boolean, message: string) =>
  z.number().refine(test, { error: (issue) => `${message}, got ${String(issue.input)}` })

const monitoringFreq = /^\s*\d+(?:\.\d+)?\s*[A-Za-z]+\s*$/

/** XRT modes by number, with the names swift_too gives them (`XRTMODES` in swift_instruments.py). */
export const xrtModes = {
  0: "Auto",
  1: "Null",
  2: "ShortIM",
  3: "LongIM",
  4: "PUPD",
  5: "LRPD",
  6: "WT",
  7: "PC",
  8: "Raw",
  9: "Bias",
  150: "PC_150",
  200: "PC_200",
  255: "Manual"
} as const

/** The name of an XRT mode, such as "WT". */
export type XrtModeName = (typeof xrtModes)[keyof typeof xrtModes]

/** An XRT mode by name ("WT", as swift_too sends it) or by number (6). */
export const XrtMode = z.literal(
  [
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    150,
    200,
    255,
    "Auto",
    "Null",
    "ShortIM",
    "LongIM",
    "PUPD",
    "LRPD",
    "WT",
    "PC",
    "Raw",
    "Bias",
    "PC_150",
    "PC_200",
    "Manual"
  ],
  "xrt_mode must be an XRT mode name (Auto, PC, WT, …) or its number (0, 7, 6, …)"
)

const requestFields = {
  username: text("username"),
  source_name: text("source_name"),
  /** What the target is, such as "GRB", "Supernova", "AGN". */
  source_type: text("source_type"),
  ra: numberWith((n) => n >= 0 && n <= 360, "ra must be in decimal degrees from 0 to 360"),
  dec: numberWith((n) => n >= -90 && n <= 90, "dec must be in decimal degrees from -90 to 90"),
  /** Position error, arcminutes. */
  poserr: optional(z.number()),
  instrument: z.exactOptional(z.literal(["XRT", "BAT", "UVOT"], "instrument must be XRT, BAT or UVOT")),
  /** 1 (within hours) … 4 (weeks). */
  urgency: z.exactOptional(
    numberWith((n) => Number.isInteger(n) && n >= 1 && n <= 4, "urgency must be a whole number from 1 to 4")
  ),
  opt_mag: optional(z.number()),
  opt_filt: optional(z.string()),
  xrt_countrate: optional(z.number()),
  bat_countrate: optional(z.number()),
  other_brightness: optional(z.string()),
  grb_detector: optional(z.string()),
  grb_triggertime: optional(UtcDateTime),
  immediate_objective: optional(z.string()),
  science_just: text("science_just"),
  /** Total exposure, seconds. */
  exposure: optional(z.number()),
  exp_time_just: text("exp_time_just"),
  exp_time_per_visit: optional(z.number()),
  num_of_visits: numberWith(
    (n) => Number.isInteger(n) && n >= 1,
    "num_of_visits must be a whole number of at least 1"
  ),
  /** Time between visits, a number and a unit such as "1 day" or "3 orbits". */
  monitoring_freq: optional(
    z
      .string()
      .refine(
        (value) => monitoringFreq.test(value),
        'monitoring_freq must be a number and a unit, such as "1 day" or "3 orbits"'
      )
  ),
  proposal: optional(z.boolean()),
  proposal_id: optional(z.string()),
  proposal_pi: optional(z.string()),
  proposal_trigger_just: optional(z.string()),
  /** The XRT mode by name ("PC", "WT", "Auto", as swift_too sends it) or number (7, 6, 0). */
  xrt_mode: optional(XrtMode),
  /** A UVOT filter-mode code, as a number or a hex string such as "0x9999". */
  uvot_mode: optional(z.union([z.number(), z.string()])),
  uvot_just: optional(z.string()),
  slew_in_place: optional(z.boolean()),
  tiling: optional(z.boolean()),
  number_of_tiles: optional(z.int()),
  exposure_time_per_tile: optional(z.number()),
  tiling_justification: optional(z.string()),
  obs_n: optional(z.string()),
  obs_type: z.literal(
    ["Spectroscopy", "Light Curve", "Position", "Timing"],
    "obs_type must be Spectroscopy, Light Curve, Position or Timing"
  ),
  debug: z.exactOptional(z.boolean()),
  /** Check the request without submitting it (default: false). */
  validate_only: z.exactOptional(z.boolean()),
  // Filled in by the server.
  too_id: optional(z.int()),
  target_id: optional(z.int()),
  decision: optional(z.string()),
  done: optional(z.union([z.boolean(), z.number()])),
  date_begin: optional(z.string()),
  date_end: optional(z.string()),
  status: z.exactOptional(Status)
}

const isGrb = (sourceType: string): boolean => /\bgrb\b/i.test(sourceType)

const isBlank = (value: string | null | undefined): boolean =>
  value === null || value === undefined || value.trim() === ""

/**
 * `Swift_TOO_Request`: a request for Swift to observe a target. Parsing checks
 * every rule the server enforces, each failure a sentence naming the field:
 * required fields, allowed `obs_type`, `instrument` and `xrt_mode` values,
 * `urgency` 1–4, a GRB's trigger time and detector, and `monitoring_freq` for
 * more than one visit.
 */
export const Request = envelope(
  "Swift_TOO_Request",
  z.object(requestFields).superRefine((data, context) => {
    const missing = (key: keyof typeof data, message: string) =>
      context.addIssue({ code: "custom", path: [key], message, input: data[key] })
    if (isGrb(data.source_type)) {
      const grbNeeds = "a GRB needs grb_triggertime and grb_detector"
      if (data.grb_triggertime === null || data.grb_triggertime === undefined)
        missing("grb_triggertime", grbNeeds)
      if (isBlank(data.grb_detector)) missing("grb_detector", grbNeeds)
    }
    if (data.num_of_visits > 1 && isBlank(data.monitoring_freq))
      missing("monitoring_freq", 'more than one visit needs monitoring_freq, such as "1 day"')
  })
)

/** `Swift_TOO_Request`: a TOO request, or the server's echo of it. */
export interface Request extends z.output<typeof Request> {}

// ---------------------------------------------------------------------------------------------
// Any envelope

/**
 * An envelope of any api_name not in {@link knownApiNames} (`Swift_Clock`,
 * `Swift_PPST`, `Swift_SAA`, …): its `api_data` is any JSON object. A known
 * api_name is refused, so a broken known object is an error, never silently
 * generic.
 */
export const GenericEnvelope = z.object({
  api_name: z.string().refine((name) => !isKnownApiName(name), {
    error: (issue) =>
      `${String(issue.input)} is a known api_name, so its api_data must match the ${String(issue.input)} schema`,
    abort: true
  }),
  api_version: z.string(),
  api_data: JsonObject
})

/** An envelope of an api_name this module has no schema for. */
export type GenericEnvelope = z.output<typeof GenericEnvelope>

/** Any envelope. */
export type Envelope = Status | VisQuery | VisWindow | AFST | AFSTEntry | Resolve | Request | GenericEnvelope

/** The envelopes of known api_names, chosen by `api_name`. */
const KnownEnvelope = z.discriminatedUnion("api_name", [
  Status,
  VisQuery,
  VisWindow,
  AFST,
  AFSTEntry,
  Resolve,
  Request
])

/** Where an issue is, as `api_data.windows[0].begin`. */
const pathText = (path: ReadonlyArray<PropertyKey>): string =>
  path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("")

/**
 * Any envelope: a known api_name is checked with its own schema, any other
 * with {@link GenericEnvelope}, so a broken known envelope is never accepted as
 * generic. Its problems are reported as its own schema found them; where zod
 * folds them into one union issue, that issue's message names the first
 * problem and where it is (`Invalid Swift_VisQuery envelope: at api_data.ra:
 * …`) rather than "Invalid input", and its `errors` hold them all.
 */
export const Envelope = z.union([KnownEnvelope, GenericEnvelope], {
  error: (issue) => {
    const [first] = issue.code === "invalid_union" ? (issue.errors[0] ?? []) : []
    const input = issue.input as { readonly api_name?: unknown } | undefined
    if (first === undefined || !isKnownApiName(input?.api_name)) return undefined
    return `Invalid ${input.api_name} envelope: at ${pathText(first.path)}: ${first.message}`
  }
})
