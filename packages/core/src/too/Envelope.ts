/**
 * The Swift Target-of-Opportunity (TOO) API, JWT era (API 1.2): every message is
 * an envelope `{api_name, api_version, api_data}`, and envelopes nest (a
 * `Swift_VisQuery` reply holds `Swift_VisWindow`s and a `Swift_TOO_Status`; a
 * status fetched with `fetchresult` holds the job's result). Known api_names
 * decode to typed objects, UTC times to `Date`s; any other api_name decodes as a
 * {@link GenericEnvelope} and encodes back unchanged.
 *
 * @example
 * ```ts
 * import { DecodeError, Too } from "@jobscope/core"
 * import * as Result from "effect/Result"
 *
 * const reply = DecodeError.decodeUnknown(Too.Envelope, "Swift TOO reply")(json)
 * if (Result.isSuccess(reply)) console.log(reply.success.api_name)
 * ```
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"
import * as SchemaTransformation from "effect/SchemaTransformation"
import { nestsDeeperThan } from "../internal/jsonDepth.js"
import { UtcDateTime } from "../internal/utcDateTime.js"
import { requestFields, requestRules } from "./RequestRules.js"

export { XrtMode, type XrtModeName, xrtModes } from "./RequestRules.js"

/** The API version this module speaks, for envelopes a client builds. */
export const apiVersion = "1.2"

/** The api_names decoded to typed objects; every other name is a {@link GenericEnvelope}. */
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

const envelope = <const Name extends string, Data extends Schema.Top>(apiName: Name, apiData: Data) =>
  Schema.Struct({ api_name: Schema.Literal(apiName), api_version: Schema.String, api_data: apiData })

const optional = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

// ---------------------------------------------------------------------------------------------
// Swift_TOO_Status

/**
 * Where a job stands: `Unknown` (not sent yet, client side), `Queued`, `Processing`,
 * `Accepted` (processing finished; not "the TOO was approved") or `Rejected`.
 */
export const StatusValue = Schema.Literals(["Unknown", "Queued", "Processing", "Accepted", "Rejected"])

/** Where a job stands. */
export type StatusValue = typeof StatusValue.Type

const statusFields = {
  username: Schema.optionalKey(Schema.String),
  status: Schema.optionalKey(StatusValue),
  jobnumber: optional(Schema.Int),
  too_id: optional(Schema.Int),
  errors: Schema.optionalKey(Schema.Array(Schema.String)),
  warnings: Schema.optionalKey(Schema.Array(Schema.String)),
  /** When the job was submitted. */
  timestamp: optional(UtcDateTime),
  began: optional(UtcDateTime),
  completed: optional(UtcDateTime),
  /** Asks the server to put the job's result in `result`. */
  fetchresult: Schema.optionalKey(Schema.Boolean)
}

const StatusFields = Schema.Struct(statusFields)

/** The `api_data` of a `Swift_TOO_Status`: a job's state, and its result when fetched. */
export interface StatusData extends Schema.Schema.Type<typeof StatusFields> {
  /** The job's own reply (any envelope), present when `fetchresult` was asked for. */
  readonly result?: Envelope | null
}

/** The `api_data` of a `Swift_TOO_Status` as JSON. */
export interface StatusDataEncoded extends Schema.Codec.Encoded<typeof StatusFields> {
  readonly result?: EnvelopeEncoded | null
}

/** How deeply a job's result may nest; real results nest a handful of levels. */
export const maxResultNesting = 64

/**
 * A job's result: any envelope, measured before it is decoded so that a
 * hostile chain of results is a decode error, not a stack overflow.
 */
const JobResult: Schema.Codec<Envelope, EnvelopeEncoded> = Schema.Unknown.check(
  Schema.makeFilter(
    (value: unknown) =>
      !nestsDeeperThan(value, maxResultNesting) || `a result nesting deeper than ${maxResultNesting} levels`
  )
).pipe(
  Schema.decodeTo(
    Schema.suspend((): Schema.Codec<Envelope, EnvelopeEncoded> => Envelope),
    SchemaTransformation.passthrough({ strict: false })
  )
) as unknown as Schema.Codec<Envelope, EnvelopeEncoded>

/** The `api_data` of a `Swift_TOO_Status`: a job's state, and its result when fetched. */
export const StatusData: Schema.Codec<StatusData, StatusDataEncoded> = Schema.Struct({
  ...statusFields,
  result: optional(JobResult)
})

/** `Swift_TOO_Status`: a request for a job's state by `jobnumber`, and the server's answer. */
export const Status = envelope("Swift_TOO_Status", StatusData)

/** `Swift_TOO_Status`: a request for a job's state, and the server's answer. */
export interface Status extends Schema.Schema.Type<typeof Status> {}

// ---------------------------------------------------------------------------------------------
// Swift_VisQuery, Swift_VisWindow

/**
 * `Swift_VisWindow`: one stretch of time in which Swift can observe the target.
 * The server sends `begin` and `end` only (the seed's replies; swift_too
 * computes `length` and has no setter for it, so a `length` sent crashes it).
 */
export const VisWindow = envelope(
  "Swift_VisWindow",
  Schema.Struct({
    begin: UtcDateTime,
    end: UtcDateTime
  })
)

/** `Swift_VisWindow`: one stretch of time in which Swift can observe the target. */
export interface VisWindow extends Schema.Schema.Type<typeof VisWindow> {}

/**
 * `hires` as a boolean, or as swift_too sends a tuple `(True,)`: the list
 * `["True"]`, which the real server took as true and echoed back (swift_too's
 * "Query existing job" notebook). Nothing else of the kind is in evidence.
 */
export const Hires = Schema.Union([Schema.Boolean, Schema.Tuple([Schema.Literal("True")])])

/** `hires` as a boolean, or swift_too's `["True"]`. */
export type Hires = typeof Hires.Type

/** Whether a `hires` value asks for high-resolution windows (absent is no). */
export const isHires = (hires: Hires | undefined): boolean => hires !== undefined && hires !== false

/** `Swift_VisQuery`: when can Swift see a position; the reply fills in `windows` and `status`. */
export const VisQuery = envelope(
  "Swift_VisQuery",
  Schema.Struct({
    username: Schema.String,
    /** Right ascension, decimal degrees, J2000. */
    ra: Schema.Finite,
    /** Declination, decimal degrees, J2000. */
    dec: Schema.Finite,
    /**
     * Where the search starts. A query may leave it out and the server starts
     * at the minute it received the query, and echoes that (swift_too's
     * visibility notebooks: four of five queries send no `begin`).
     */
    begin: Schema.optionalKey(UtcDateTime),
    /** How many days to look ahead. */
    length: Schema.Finite,
    /** High-resolution windows (default: false). */
    hires: Schema.optionalKey(Hires),
    windows: Schema.optionalKey(Schema.Array(VisWindow)),
    status: Schema.optionalKey(Status)
  })
)

/** `Swift_VisQuery`: a visibility query, or its reply. */
export interface VisQuery extends Schema.Schema.Type<typeof VisQuery> {}

// ---------------------------------------------------------------------------------------------
// Swift_AFST, Swift_AFST_Entry

/** `Swift_AFST_Entry`: one pointing of the as-flown timeline. */
export const AFSTEntry = envelope(
  "Swift_AFST_Entry",
  Schema.Struct({
    begin: optional(UtcDateTime),
    settle: optional(UtcDateTime),
    end: optional(UtcDateTime),
    ra: optional(Schema.Finite),
    dec: optional(Schema.Finite),
    roll: optional(Schema.Finite),
    targname: optional(Schema.String),
    targetid: optional(Schema.Int),
    seg: optional(Schema.Int),
    ra_point: optional(Schema.Finite),
    dec_point: optional(Schema.Finite),
    /** Instrument modes as numbers (XRT 0 auto, 6 WT, 7 PC; UVOT filter-mode codes). */
    xrt: optional(Schema.Finite),
    uvot: optional(Schema.Finite),
    bat: optional(Schema.Finite),
    /** Figure of merit. */
    fom: optional(Schema.Finite),
    obstype: optional(Schema.String)
  })
)

/** `Swift_AFST_Entry`: one pointing of the as-flown timeline. */
export interface AFSTEntry extends Schema.Schema.Type<typeof AFSTEntry> {}

/** `Swift_AFST`: what Swift observed (as-flown timeline), by time, position or target; the reply fills `entries`. */
export const AFST = envelope(
  "Swift_AFST",
  Schema.Struct({
    username: Schema.String,
    begin: optional(UtcDateTime),
    end: optional(UtcDateTime),
    ra: optional(Schema.Finite),
    dec: optional(Schema.Finite),
    /** Search radius, degrees. */
    radius: optional(Schema.Finite),
    targetid: optional(Schema.Int),
    obsnum: optional(Schema.Union([Schema.Int, Schema.String])),
    entries: Schema.optionalKey(Schema.Array(AFSTEntry)),
    status: Schema.optionalKey(Status)
  })
)

/** `Swift_AFST`: an as-flown timeline query, or its reply. */
export interface AFST extends Schema.Schema.Type<typeof AFST> {}

// ---------------------------------------------------------------------------------------------
// Swift_Resolve

/** `Swift_Resolve`: a source name in; its position and the resolver that found it out. */
export const Resolve = envelope(
  "Swift_Resolve",
  Schema.Struct({
    username: Schema.String,
    name: Schema.String,
    ra: optional(Schema.Finite),
    dec: optional(Schema.Finite),
    resolver: optional(Schema.String),
    status: Schema.optionalKey(Status)
  })
)

/** `Swift_Resolve`: a name-resolution query, or its reply. */
export interface Resolve extends Schema.Schema.Type<typeof Resolve> {}

// ---------------------------------------------------------------------------------------------
// Swift_TOO_Request

/**
 * `Swift_TOO_Request`: a request for Swift to observe a target. Decoding checks
 * every rule the server enforces, each failure a sentence naming the field:
 * required fields, allowed `obs_type`, `instrument` and `xrt_mode` values,
 * `urgency` 1–4, a GRB's trigger time and detector, and `monitoring_freq` for
 * more than one visit.
 */
export const Request = envelope(
  "Swift_TOO_Request",
  Schema.Struct({ ...requestFields, status: Schema.optionalKey(Status) }).check(requestRules)
)

/** `Swift_TOO_Request`: a TOO request, or the server's echo of it. */
export interface Request extends Schema.Schema.Type<typeof Request> {}

// ---------------------------------------------------------------------------------------------
// Any envelope

const notKnownName = Schema.makeFilter(
  (name: string) =>
    !(knownApiNames as ReadonlyArray<string>).includes(name) ||
    `${name} is a known api_name, so its api_data must match the ${name} schema`
)

/**
 * An envelope of any api_name not in {@link knownApiNames} (`Swift_Clock`,
 * `Swift_PPST`, `Swift_SAA`, …): its `api_data` is kept as JSON and encodes back
 * unchanged. A known api_name is refused, so a broken known object is an error,
 * never silently generic.
 */
export const GenericEnvelope = Schema.Struct({
  api_name: Schema.String.check(notKnownName),
  api_version: Schema.String,
  api_data: Schema.JsonObject
})

/** An envelope of an api_name this module has no schema for. */
export interface GenericEnvelope extends Schema.Schema.Type<typeof GenericEnvelope> {}

/** Any envelope. */
export type Envelope = Status | VisQuery | VisWindow | AFST | AFSTEntry | Resolve | Request | GenericEnvelope

/** Any envelope as JSON. */
export type EnvelopeEncoded =
  | Schema.Codec.Encoded<typeof Status>
  | Schema.Codec.Encoded<typeof VisQuery>
  | Schema.Codec.Encoded<typeof VisWindow>
  | Schema.Codec.Encoded<typeof AFST>
  | Schema.Codec.Encoded<typeof AFSTEntry>
  | Schema.Codec.Encoded<typeof Resolve>
  | Schema.Codec.Encoded<typeof Request>
  | Schema.Codec.Encoded<typeof GenericEnvelope>

/** Whether an issue is only the generic member refusing a known api_name. */
const isKnownNameRefusal = (issue: SchemaIssue.Issue): boolean => {
  switch (issue._tag) {
    case "Composite":
      return issue.issues.every(isKnownNameRefusal)
    case "Pointer":
      return isKnownNameRefusal(issue.issue)
    case "Filter":
      return issue.filter === notKnownName
    default:
      return false
  }
}

/**
 * Any envelope, decoded by trying each member schema in turn: the same values
 * and the same errors as {@link Envelope}, more slowly (Effect's JIT compiler
 * cannot compile the union, whose members nest it again). {@link Envelope}
 * hands it what it cannot send straight to one member: unknown api_names, and
 * every envelope that fails, so that each error reads as the union reports it.
 */
export const EnvelopeUnion = Schema.Union([
  Status,
  VisQuery,
  VisWindow,
  AFST,
  AFSTEntry,
  Resolve,
  Request,
  GenericEnvelope
])
  .annotate({ expected: "a Swift TOO API envelope {api_name, api_version, api_data}" })
  .pipe(
    // When a known member fails, the generic member's refusal of its name adds nothing: report only the real problem.
    Schema.catchDecoding((issue) => {
      if (issue._tag !== "AnyOf") return Effect.fail(issue)
      const issues = issue.issues.filter((member) => !isKnownNameRefusal(member))
      const [only] = issues
      return Effect.fail(
        issues.length === issue.issues.length || only === undefined
          ? issue
          : issues.length === 1
            ? only
            : new SchemaIssue.AnyOf(issue.ast, issues)
      )
    })
  )

/** The schema of each known api_name, in the order of {@link knownApiNames}. */
const knownMembers = [Status, VisQuery, VisWindow, AFST, AFSTEntry, Resolve, Request] as const

/** The api_name of a value shaped like an envelope, if it has a string one. */
const apiNameOf = (input: unknown): string | undefined => {
  if (typeof input !== "object" || input === null) return undefined
  const name = (input as { readonly api_name?: unknown }).api_name
  return typeof name === "string" ? name : undefined
}

/**
 * Any envelope: a known api_name decodes with its own schema (and an error
 * names what is wrong with its data), any other with {@link GenericEnvelope}.
 *
 * It reads `api_name` first and hands the envelope to that name's schema
 * alone, which the JIT compiles; only an unknown name, or an envelope its
 * schema refuses, goes to the union of all members, whose answer (value or
 * error) is the one returned. Encoding dispatches the same way.
 */
export const Envelope: Schema.Codec<Envelope, EnvelopeEncoded> = Schema.declareConstructor<
  Envelope,
  EnvelopeEncoded
>()(
  [...knownMembers, EnvelopeUnion],
  (codecs) => {
    // The same function decodes and encodes: Effect hands it the members' encoders when encoding.
    const parsers = codecs.map((codec) => SchemaParser.decodeUnknownEffect(codec))
    const union = parsers[knownMembers.length]!
    const indexOfName = new Map<string, number>(knownApiNames.map((name, index) => [name, index]))
    return (input, _ast, options) => {
      const name = apiNameOf(input)
      const index = name === undefined ? undefined : indexOfName.get(name)
      if (index === undefined) return union(input, options)
      const result = parsers[index]!(input, options)
      if (Exit.isExit(result)) return Exit.isSuccess(result) ? result : union(input, options)
      return Effect.catch(result, () => union(input, options))
    }
  },
  {
    expected: "a Swift TOO API envelope {api_name, api_version, api_data}",
    // What derivations (arbitraries, JSON codecs) see: the union, whose values are the same.
    toCodec: ([, , , , , , , union]) =>
      Schema.link<Envelope>()(union, {
        decode: SchemaGetter.passthrough({ strict: false }),
        encode: SchemaGetter.passthrough({ strict: false })
      })
  }
)
