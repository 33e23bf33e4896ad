/**
 * The Swift TOO REST API (API v2, swift_too 2.0): the TOO request record
 * (`/swift/too`), the list of a user's requests, the planning calendar
 * (`/swift/calendar`), the reply to a submitted request, the as-flown timeline
 * (`/swift/obsquery`), an observation's data files (`/swift/data`), visibility
 * windows (`/swift/visquery`), name resolution (`/resolve`) and the error
 * replies. Field names are the server's; every field the official client
 * treats as optional is optional, and `null` is taken wherever it takes
 * `None`. Times stay text, as sent.
 */
import * as z from "zod"
import { IsoDateTime } from "./internal/isoDateTime.js"
import { readonlyArray } from "./internal/readonlyArray.js"

const optional = <S extends z.ZodType>(schema: S) => z.exactOptional(schema.nullable())

/** A number or the text the server sometimes sends in its place ("0.5-1 c/s"). */
const NumberOrText = z.union([z.number(), z.string()])

/**
 * A time as the REST API writes it: ISO 8601 with a "T" or a space, optional
 * seconds, fraction and zone (none means UTC), or a bare date, such as
 * `"2026-03-15T12:00:00"`. Kept as text (the core decodes it to a `Date`).
 */
export const DateTime = IsoDateTime

// ---------------------------------------------------------------------------------------------
// Status

/**
 * The status object of a reply: `Pending` before sending (client side),
 * `Accepted`, `Validated` (a `validate_only` request that passed) or
 * `Rejected`, with the server's errors and warnings.
 */
export const Status = z.object({
  status: z.string(),
  username: z.exactOptional(z.string()),
  too_id: optional(z.int()),
  jobnumber: optional(z.int()),
  errors: z.exactOptional(readonlyArray(z.string())),
  warnings: z.exactOptional(readonlyArray(z.string()))
})

/** The status object of a reply. */
export type Status = z.output<typeof Status>

/** A reply's `status`: the object, or (on some replies) the bare word, such as `"Validated"`. */
export const StatusField = z.union([z.string(), Status])

/** A reply's `status`. */
export type StatusField = z.output<typeof StatusField>

// ---------------------------------------------------------------------------------------------
// Calendar

/**
 * One entry of the planning calendar: a visit planned for a TOO, with its
 * planned exposure (`duration`, seconds) and what was observed so far
 * (`asflown`, seconds; under `duration` when a visit was cut short).
 */
export const CalendarEntry = z.object({
  begin: optional(DateTime),
  end: optional(DateTime),
  type: z.exactOptional(z.string()),
  pi_name: z.exactOptional(z.string()),
  duration: optional(z.number()),
  asflown: optional(z.number()),
  target_id: optional(z.int()),
  /** The API 1.2 name of `target_id`, which calendars may still carry. */
  targetid: optional(z.int()),
  target_name: optional(z.string()),
  ra: optional(z.number()),
  dec: optional(z.number()),
  roll: optional(z.number()),
  merit: optional(z.number()),
  xrt_mode: optional(z.int()),
  uvot_mode: optional(z.int()),
  bat_mode: optional(z.int()),
  seg_comment: optional(z.string())
})

/** One entry of the planning calendar. */
export type CalendarEntry = z.output<typeof CalendarEntry>

/** A calendar: what `/swift/calendar` answers, and what a TOO request record holds as `calendar`. */
export const Calendar = z.object({
  begin: optional(DateTime),
  end: optional(DateTime),
  too_id: optional(z.int()),
  ra: optional(z.number()),
  dec: optional(z.number()),
  radius: optional(z.number()),
  targetid: optional(z.int()),
  entries: readonlyArray(CalendarEntry),
  status: z.exactOptional(StatusField)
})

/** A calendar. */
export type Calendar = z.output<typeof Calendar>

// ---------------------------------------------------------------------------------------------
// TOO requests

/**
 * A TOO request as the server keeps it: what was asked (`target_name`,
 * position, brightness, exposure, visits, modes, justifications), what was
 * approved (`decision`, `*_approved`), when (`date_begin`, `date_end`),
 * whether it is `done`, and its `calendar` of visits.
 */
export const TooRequest = z.object({
  too_id: optional(z.int()),
  timestamp: optional(DateTime),
  l_name: optional(z.string()),
  target_name: optional(z.string()),
  target_type: optional(z.string()),
  ra: optional(z.number()),
  dec: optional(z.number()),
  poserr: optional(NumberOrText),
  instrument: optional(z.string()),
  urgency: optional(z.int()),
  opt_mag: optional(NumberOrText),
  opt_filt: optional(z.string()),
  xrt_countrate: optional(NumberOrText),
  bat_countrate: optional(NumberOrText),
  other_brightness: optional(z.string()),
  grb_detector: optional(z.string()),
  grb_triggertime: optional(DateTime),
  immediate_objective: optional(z.string()),
  science_just: optional(z.string()),
  exp_time_just: optional(z.string()),
  exposure: optional(z.number()),
  exp_time_per_visit: optional(z.number()),
  num_of_visits: optional(z.int()),
  monitoring_freq: optional(z.string()),
  total_exp_time_approved: optional(z.number()),
  exp_time_per_visit_approved: optional(z.number()),
  num_of_visits_approved: optional(z.int()),
  xrt_mode: optional(NumberOrText),
  uvot_mode: optional(NumberOrText),
  xrt_mode_approved: optional(z.int()),
  uvot_mode_approved: optional(z.int()),
  uvot_just: optional(z.string()),
  proposal: optional(z.boolean()),
  proposal_id: optional(z.string()),
  proposal_pi: optional(z.string()),
  proposal_trigger_just: optional(z.string()),
  tiling: optional(z.boolean()),
  obs_type: optional(z.string()),
  /** The duty scientist's word, absent until the request is decided ("Approved", "Rejected"…). */
  decision: optional(z.string()),
  /** Non-zero once the planners count the TOO complete. */
  done: optional(z.int()),
  target_id: optional(z.int()),
  date_begin: optional(z.string()),
  date_end: optional(z.string()),
  calendar: optional(Calendar),
  status: z.exactOptional(StatusField)
})

/** A TOO request as the server keeps it. */
export type TooRequest = z.output<typeof TooRequest>

/** What `GET /swift/too` answers: the requests that match, newest first. */
export const TooRequests = z.object({
  entries: readonlyArray(TooRequest),
  too_id: optional(z.int()),
  limit: optional(z.int()),
  year: optional(z.int()),
  detail: optional(z.boolean()),
  status: z.exactOptional(StatusField)
})

/** What `GET /swift/too` answers. */
export type TooRequests = z.output<typeof TooRequests>

/**
 * What `POST /swift/too` answers: 201 with `{"status": "Accepted", "too_id",
 * "jobnumber", "errors", "warnings"}`, or 200 with `{"status": "Validated"}`
 * for a `validate_only` request that passed.
 */
export const SubmitReply = z.object({
  status: z.string(),
  too_id: optional(z.int()),
  jobnumber: optional(z.int()),
  errors: z.exactOptional(readonlyArray(z.string())),
  warnings: z.exactOptional(readonlyArray(z.string()))
})

/** What `POST /swift/too` answers. */
export type SubmitReply = z.output<typeof SubmitReply>

// ---------------------------------------------------------------------------------------------
// As-flown timeline, data, visibility, name resolution

/** One snapshot of the as-flown timeline: a stretch of time Swift pointed at a target. */
export const Observation = z.object({
  begin: optional(DateTime),
  settle: optional(DateTime),
  end: optional(DateTime),
  ra: optional(z.number()),
  dec: optional(z.number()),
  roll: optional(z.number()),
  obstype: optional(z.string()),
  target_name: optional(z.string()),
  target_id: optional(z.int()),
  segment: optional(z.int()),
  /** The observation ID in the archive's form, eleven digits ("00012345001"). */
  obs_id: optional(z.string()),
  xrt_mode: optional(z.int()),
  uvot_mode: optional(z.int()),
  bat_mode: optional(z.int()),
  fom: optional(z.number()),
  ra_object: optional(z.number()),
  dec_object: optional(z.number())
})

/** One snapshot of the as-flown timeline. */
export type Observation = z.output<typeof Observation>

/** What `/swift/obsquery` answers: the as-flown timeline that matches, and how far it is known (`afstmax`). */
export const ObsQuery = z.object({
  entries: readonlyArray(Observation),
  target_id: optional(z.union([z.int(), readonlyArray(z.int())])),
  obs_id: optional(z.union([z.string(), readonlyArray(z.string())])),
  afstmax: optional(DateTime),
  status: z.exactOptional(StatusField)
})

/** What `/swift/obsquery` answers. */
export type ObsQuery = z.output<typeof ObsQuery>

/** One file of an observation in the archive. */
export const DataFile = z.object({
  filename: z.string(),
  path: z.string(),
  url: z.string(),
  quicklook: z.exactOptional(z.boolean()),
  type: z.string()
})

/** One file of an observation in the archive. */
export type DataFile = z.output<typeof DataFile>

/** What `/swift/data` answers: the observation's files (none while the data have not reached the archive). */
export const Data = z.object({
  obs_id: optional(z.string()),
  entries: readonlyArray(DataFile),
  status: z.exactOptional(StatusField)
})

/** What `/swift/data` answers. */
export type Data = z.output<typeof Data>

/** A window in which Swift can observe a position. */
export const VisWindow = z.object({ begin: DateTime, end: DateTime })

/** A window in which Swift can observe a position. */
export type VisWindow = z.output<typeof VisWindow>

/** What `/swift/visquery` answers. */
export const VisQuery = z.object({
  ra: optional(z.number()),
  dec: optional(z.number()),
  begin: optional(DateTime),
  end: optional(DateTime),
  hires: optional(z.boolean()),
  windows: readonlyArray(VisWindow),
  status: z.exactOptional(StatusField)
})

/** What `/swift/visquery` answers. */
export type VisQuery = z.output<typeof VisQuery>

/** What `/resolve` answers: a name's position and who resolved it. */
export const Resolve = z.object({
  name: optional(z.string()),
  ra: optional(z.number()),
  dec: optional(z.number()),
  resolver: optional(z.string()),
  status: z.exactOptional(StatusField)
})

/** What `/resolve` answers. */
export type Resolve = z.output<typeof Resolve>

// ---------------------------------------------------------------------------------------------
// Error replies

/** One problem FastAPI found with a request: where (`["body", "ra"]`), what, and its kind. */
export const ValidationIssue = z.object({
  loc: readonlyArray(z.union([z.string(), z.int()])),
  msg: z.string(),
  type: z.exactOptional(z.string())
})

/** One problem FastAPI found with a request. */
export type ValidationIssue = z.output<typeof ValidationIssue>

/** A 422 (FastAPI's validation error) or 401 reply: `detail` is a list of issues, or one sentence. */
export const Detail = z.object({
  detail: z.union([z.string(), readonlyArray(ValidationIssue)])
})

/** A 422 or 401 reply. */
export type Detail = z.output<typeof Detail>

/** A 4xx reply that carries the server's status object, its errors saying why. */
export const StatusRefusal = z.object({ status: Status })

/** A 4xx reply with a status object. */
export type StatusRefusal = z.output<typeof StatusRefusal>
