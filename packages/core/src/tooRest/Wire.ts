/**
 * The Swift TOO REST API (API v2, swift_too 2.0, March 2026) as Effect
 * Schemas: the TOO request record (`/swift/too`), the list of a user's
 * requests, the planning calendar (`/swift/calendar`), the as-flown timeline
 * (`/swift/obsquery`), an observation's data files (`/swift/data`),
 * visibility windows (`/swift/visquery`) and name resolution (`/resolve`).
 * Field names are the server's; those the official client renamed from API
 * 1.2 are the new ones (`target_name`, `target_type`, `target_id`, `obs_id`).
 * Every field the client treats as optional is optional here, and `null` is
 * taken wherever the client takes `None`. Times decode to `Date`s, read as
 * UTC when they carry no zone, as the client reads them.
 *
 * @example
 * ```ts
 * import { DecodeError, TooRest } from "@jobscope/core"
 *
 * const record = DecodeError.decodeJson(TooRest.TooRequest, "TOO request")(text)
 * ```
 */
import * as Schema from "effect/Schema"
import { IsoDateTime } from "../internal/isoDateTime.js"

const optional = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

/** A number or the text the server sometimes sends in its place ("0.5-1 c/s"). */
const NumberOrText = Schema.Union([Schema.Finite, Schema.String])

/** A time as the REST API writes it (ISO 8601, UTC unless it says otherwise). */
export const DateTime = IsoDateTime

/**
 * The status object of a reply: `Pending` before sending (client side),
 * `Accepted`, `Validated` (a `validate_only` request that passed) or
 * `Rejected`, with the server's errors and warnings.
 */
export const Status = Schema.Struct({
  status: Schema.String,
  username: Schema.optionalKey(Schema.String),
  too_id: optional(Schema.Int),
  jobnumber: optional(Schema.Int),
  errors: Schema.optionalKey(Schema.Array(Schema.String)),
  warnings: Schema.optionalKey(Schema.Array(Schema.String))
})

/** The status object of a reply. */
export interface Status extends Schema.Schema.Type<typeof Status> {}

/** A reply's `status`: the object, or (on some replies) the bare word, such as `"Validated"`. */
export const StatusField = Schema.Union([Schema.String, Status])

/** A reply's `status`. */
export type StatusField = typeof StatusField.Type

/**
 * One entry of the planning calendar: a visit planned for a TOO, with its
 * planned exposure (`duration`, seconds) and what was observed so far
 * (`asflown`, seconds; under `duration` when a visit was cut short).
 */
export const CalendarEntry = Schema.Struct({
  begin: optional(DateTime),
  end: optional(DateTime),
  type: Schema.optionalKey(Schema.String),
  pi_name: Schema.optionalKey(Schema.String),
  duration: optional(Schema.Finite),
  asflown: optional(Schema.Finite),
  target_id: optional(Schema.Int),
  /** The API 1.2 name of `target_id`, which calendars may still carry. */
  targetid: optional(Schema.Int),
  target_name: optional(Schema.String),
  ra: optional(Schema.Finite),
  dec: optional(Schema.Finite),
  roll: optional(Schema.Finite),
  merit: optional(Schema.Finite),
  xrt_mode: optional(Schema.Int),
  uvot_mode: optional(Schema.Int),
  bat_mode: optional(Schema.Int),
  seg_comment: optional(Schema.String)
})

/** One entry of the planning calendar. */
export interface CalendarEntry extends Schema.Schema.Type<typeof CalendarEntry> {}

/** A calendar: what `/swift/calendar` answers, and what a TOO request record holds as `calendar`. */
export const Calendar = Schema.Struct({
  begin: optional(DateTime),
  end: optional(DateTime),
  too_id: optional(Schema.Int),
  ra: optional(Schema.Finite),
  dec: optional(Schema.Finite),
  radius: optional(Schema.Finite),
  targetid: optional(Schema.Int),
  entries: Schema.Array(CalendarEntry),
  status: Schema.optionalKey(StatusField)
})

/** A calendar. */
export interface Calendar extends Schema.Schema.Type<typeof Calendar> {}

/**
 * A TOO request as the server keeps it: what was asked (`target_name`,
 * position, brightness, exposure, visits, modes, justifications), what was
 * approved (`decision`, `*_approved`), when (`date_begin`, `date_end`),
 * whether it is `done`, and its `calendar` of visits.
 */
export const TooRequest = Schema.Struct({
  too_id: optional(Schema.Int),
  timestamp: optional(DateTime),
  l_name: optional(Schema.String),
  target_name: optional(Schema.String),
  target_type: optional(Schema.String),
  ra: optional(Schema.Finite),
  dec: optional(Schema.Finite),
  poserr: optional(NumberOrText),
  instrument: optional(Schema.String),
  urgency: optional(Schema.Int),
  opt_mag: optional(NumberOrText),
  opt_filt: optional(Schema.String),
  xrt_countrate: optional(NumberOrText),
  bat_countrate: optional(NumberOrText),
  other_brightness: optional(Schema.String),
  grb_detector: optional(Schema.String),
  grb_triggertime: optional(DateTime),
  immediate_objective: optional(Schema.String),
  science_just: optional(Schema.String),
  exp_time_just: optional(Schema.String),
  exposure: optional(Schema.Finite),
  exp_time_per_visit: optional(Schema.Finite),
  num_of_visits: optional(Schema.Int),
  monitoring_freq: optional(Schema.String),
  total_exp_time_approved: optional(Schema.Finite),
  exp_time_per_visit_approved: optional(Schema.Finite),
  num_of_visits_approved: optional(Schema.Int),
  xrt_mode: optional(NumberOrText),
  uvot_mode: optional(NumberOrText),
  xrt_mode_approved: optional(Schema.Int),
  uvot_mode_approved: optional(Schema.Int),
  uvot_just: optional(Schema.String),
  proposal: optional(Schema.Boolean),
  proposal_id: optional(Schema.String),
  proposal_pi: optional(Schema.String),
  proposal_trigger_just: optional(Schema.String),
  tiling: optional(Schema.Boolean),
  obs_type: optional(Schema.String),
  /** The duty scientist's word, absent until the request is decided ("Approved", "Rejected"…). */
  decision: optional(Schema.String),
  /** Non-zero once the planners count the TOO complete. */
  done: optional(Schema.Int),
  target_id: optional(Schema.Int),
  date_begin: optional(Schema.String),
  date_end: optional(Schema.String),
  calendar: optional(Calendar),
  status: Schema.optionalKey(StatusField)
})

/** A TOO request as the server keeps it. */
export interface TooRequest extends Schema.Schema.Type<typeof TooRequest> {}

/** What `GET /swift/too` answers: the requests that match, newest first. */
export const TooRequests = Schema.Struct({
  entries: Schema.Array(TooRequest),
  too_id: optional(Schema.Int),
  limit: optional(Schema.Int),
  year: optional(Schema.Int),
  detail: optional(Schema.Boolean),
  status: Schema.optionalKey(StatusField)
})

/** What `GET /swift/too` answers. */
export interface TooRequests extends Schema.Schema.Type<typeof TooRequests> {}

/**
 * What `POST /swift/too` answers: 201 with `{"status": "Accepted", "too_id",
 * "jobnumber", "errors", "warnings"}`, or 200 with `{"status": "Validated"}`
 * for a `validate_only` request that passed.
 */
export const SubmitReply = Schema.Struct({
  status: Schema.String,
  too_id: optional(Schema.Int),
  jobnumber: optional(Schema.Int),
  errors: Schema.optionalKey(Schema.Array(Schema.String)),
  warnings: Schema.optionalKey(Schema.Array(Schema.String))
})

/** What `POST /swift/too` answers. */
export interface SubmitReply extends Schema.Schema.Type<typeof SubmitReply> {}

/** One snapshot of the as-flown timeline: a stretch of time Swift pointed at a target. */
export const Observation = Schema.Struct({
  begin: optional(DateTime),
  settle: optional(DateTime),
  end: optional(DateTime),
  ra: optional(Schema.Finite),
  dec: optional(Schema.Finite),
  roll: optional(Schema.Finite),
  obstype: optional(Schema.String),
  target_name: optional(Schema.String),
  target_id: optional(Schema.Int),
  segment: optional(Schema.Int),
  /** The observation ID in the archive's form, eleven digits ("00012345001"). */
  obs_id: optional(Schema.String),
  xrt_mode: optional(Schema.Int),
  uvot_mode: optional(Schema.Int),
  bat_mode: optional(Schema.Int),
  fom: optional(Schema.Finite),
  ra_object: optional(Schema.Finite),
  dec_object: optional(Schema.Finite)
})

/** One snapshot of the as-flown timeline. */
export interface Observation extends Schema.Schema.Type<typeof Observation> {}

/** What `/swift/obsquery` answers: the as-flown timeline that matches, and how far it is known (`afstmax`). */
export const ObsQuery = Schema.Struct({
  entries: Schema.Array(Observation),
  target_id: optional(Schema.Union([Schema.Int, Schema.Array(Schema.Int)])),
  obs_id: optional(Schema.Union([Schema.String, Schema.Array(Schema.String)])),
  afstmax: optional(DateTime),
  status: Schema.optionalKey(StatusField)
})

/** What `/swift/obsquery` answers. */
export interface ObsQuery extends Schema.Schema.Type<typeof ObsQuery> {}

/** One file of an observation in the archive. */
export const DataFile = Schema.Struct({
  filename: Schema.String,
  path: Schema.String,
  url: Schema.String,
  quicklook: Schema.optionalKey(Schema.Boolean),
  type: Schema.String
})

/** One file of an observation in the archive. */
export interface DataFile extends Schema.Schema.Type<typeof DataFile> {}

/** What `/swift/data` answers: the observation's files (none while the data have not reached the archive). */
export const Data = Schema.Struct({
  obs_id: optional(Schema.String),
  entries: Schema.Array(DataFile),
  status: Schema.optionalKey(StatusField)
})

/** What `/swift/data` answers. */
export interface Data extends Schema.Schema.Type<typeof Data> {}

/** A window in which Swift can observe a position. */
export const VisWindow = Schema.Struct({ begin: DateTime, end: DateTime })

/** What `/swift/visquery` answers. */
export const VisQuery = Schema.Struct({
  ra: optional(Schema.Finite),
  dec: optional(Schema.Finite),
  begin: optional(DateTime),
  end: optional(DateTime),
  hires: optional(Schema.Boolean),
  windows: Schema.Array(VisWindow),
  status: Schema.optionalKey(StatusField)
})

/** What `/swift/visquery` answers. */
export interface VisQuery extends Schema.Schema.Type<typeof VisQuery> {}

/** What `/resolve` answers: a name's position and who resolved it. */
export const Resolve = Schema.Struct({
  name: optional(Schema.String),
  ra: optional(Schema.Finite),
  dec: optional(Schema.Finite),
  resolver: optional(Schema.String),
  status: Schema.optionalKey(StatusField)
})

/** What `/resolve` answers. */
export interface Resolve extends Schema.Schema.Type<typeof Resolve> {}

/** The word of a reply's status, whether it came as the object or bare. */
export const statusWord = (status: StatusField | undefined): string | undefined =>
  typeof status === "string" ? status : status?.status
