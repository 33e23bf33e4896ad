/**
 * The rules of a `Swift_TOO_Request` that the server enforces, as schema
 * checks: each field's own (required text, ranges, allowed values) and those
 * that involve several fields (a GRB's trigger time and detector, a
 * monitoring frequency for more than one visit), each reported at the field
 * to fill in. `Envelope.ts` assembles them into `Too.Request`.
 */
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import { UtcDateTime } from "../internal/utcDateTime.js"

const optional = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

const text = (name: string) =>
  Schema.String.check(
    Schema.makeFilter((value: string) => value.trim() !== "" || `${name} must not be empty`)
  )

const oneOf = <const L extends ReadonlyArray<string | number>>(literals: L, message: string) =>
  Schema.Literals(literals).annotate({ message })

const numberWith = (test: (n: number) => boolean, message: string) =>
  Schema.Finite.check(Schema.makeFilter((n: number) => test(n) || `${message}, got ${n}`))

const monitoringFreq = /^\s*\d+(?:\.\d+)?\s*[A-Za-z]+\s*$/

/**
 * XRT modes by number, with the names swift_too gives them (`XRTMODES` in
 * swifttools 3.0.24 `swift_too/swift_instruments.py`).
 */
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

const xrtModeNumbers = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 150, 200, 255] as const
const xrtModeNames = [
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
] as const satisfies ReadonlyArray<XrtModeName>

/**
 * An XRT mode by name ("WT", as swift_too sends it) or by number (6): the real
 * server accepted `xrt_mode: "WT"` (swift_too's TOO submission notebook, TOO ID 13860).
 */
export const XrtMode = oneOf(
  [...xrtModeNumbers, ...xrtModeNames],
  "xrt_mode must be an XRT mode name (Auto, PC, WT, …) or its number (0, 7, 6, …)"
)

/** The fields of a `Swift_TOO_Request`, each checked as the server checks it (the nested `status` aside). */
export const requestFields = {
  username: text("username"),
  source_name: text("source_name"),
  /** What the target is, such as "GRB", "Supernova", "AGN". */
  source_type: text("source_type"),
  ra: numberWith((n) => n >= 0 && n <= 360, "ra must be in decimal degrees from 0 to 360"),
  dec: numberWith((n) => n >= -90 && n <= 90, "dec must be in decimal degrees from -90 to 90"),
  /** Position error, arcminutes. */
  poserr: optional(Schema.Finite),
  instrument: Schema.optionalKey(oneOf(["XRT", "BAT", "UVOT"], "instrument must be XRT, BAT or UVOT")),
  /** 1 (within hours) … 4 (weeks). */
  urgency: Schema.optionalKey(
    numberWith((n) => Number.isInteger(n) && n >= 1 && n <= 4, "urgency must be a whole number from 1 to 4")
  ),
  opt_mag: optional(Schema.Finite),
  opt_filt: optional(Schema.String),
  xrt_countrate: optional(Schema.Finite),
  bat_countrate: optional(Schema.Finite),
  other_brightness: optional(Schema.String),
  grb_detector: optional(Schema.String),
  grb_triggertime: optional(UtcDateTime),
  immediate_objective: optional(Schema.String),
  science_just: text("science_just"),
  /** Total exposure, seconds. */
  exposure: optional(Schema.Finite),
  exp_time_just: text("exp_time_just"),
  exp_time_per_visit: optional(Schema.Finite),
  num_of_visits: numberWith(
    (n) => Number.isInteger(n) && n >= 1,
    "num_of_visits must be a whole number of at least 1"
  ),
  /** Time between visits, a number and a unit such as "1 day" or "3 orbits". */
  monitoring_freq: optional(
    Schema.String.check(
      Schema.makeFilter(
        (value: string) =>
          monitoringFreq.test(value) ||
          'monitoring_freq must be a number and a unit, such as "1 day" or "3 orbits"'
      )
    )
  ),
  proposal: optional(Schema.Boolean),
  proposal_id: optional(Schema.String),
  proposal_pi: optional(Schema.String),
  proposal_trigger_just: optional(Schema.String),
  /** The XRT mode by name ("PC", "WT", "Auto", as swift_too sends it) or number (7, 6, 0). */
  xrt_mode: optional(XrtMode),
  /** A UVOT filter-mode code, as a number or a hex string such as "0x9999". */
  uvot_mode: optional(Schema.Union([Schema.Finite, Schema.String])),
  uvot_just: optional(Schema.String),
  slew_in_place: optional(Schema.Boolean),
  tiling: optional(Schema.Boolean),
  number_of_tiles: optional(Schema.Int),
  exposure_time_per_tile: optional(Schema.Finite),
  tiling_justification: optional(Schema.String),
  obs_n: optional(Schema.String),
  obs_type: oneOf(
    ["Spectroscopy", "Light Curve", "Position", "Timing"],
    "obs_type must be Spectroscopy, Light Curve, Position or Timing"
  ),
  debug: Schema.optionalKey(Schema.Boolean),
  /** Check the request without submitting it (default: false). */
  validate_only: Schema.optionalKey(Schema.Boolean),
  // Filled in by the server.
  too_id: optional(Schema.Int),
  target_id: optional(Schema.Int),
  decision: optional(Schema.String),
  done: optional(Schema.Union([Schema.Boolean, Schema.Finite])),
  date_begin: optional(Schema.String),
  date_end: optional(Schema.String)
}

const isGrb = (sourceType: string): boolean => /\bgrb\b/i.test(sourceType)

const isBlank = (value: string | null | undefined): boolean =>
  value === null || value === undefined || value.trim() === ""

/** The rules that involve more than one field of a request, each reported at the field to fill in. */
export const requestRules = Schema.makeFilter(
  (data: Schema.Struct.Type<typeof requestFields>, _ast, options) => {
    const issues: Array<Schema.FilterIssue> = []
    const missing = (key: keyof typeof data, message: string) =>
      issues.push({ path: [key], issue: new SchemaIssue.InvalidValue({ message }, data[key], options) })
    if (isGrb(data.source_type)) {
      const grbNeeds = "a GRB needs grb_triggertime and grb_detector"
      if (data.grb_triggertime === null || data.grb_triggertime === undefined)
        missing("grb_triggertime", grbNeeds)
      if (isBlank(data.grb_detector)) missing("grb_detector", grbNeeds)
    }
    if (data.num_of_visits > 1 && isBlank(data.monitoring_freq)) {
      missing("monitoring_freq", 'more than one visit needs monitoring_freq, such as "1 day"')
    }
    return issues
  }
)
