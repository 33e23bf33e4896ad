/**
 * What the simulated TOO API does with each kind of request: one handler per
 * api_name, each checking a request when it is submitted (the core's schema,
 * then the rules the server adds) and computing its answer once the job is
 * processed. The checks run at submission so that whether a job ends Accepted
 * or Rejected is part of its plan; the answers run when asked for, since some
 * (a year of visibility windows) are large and cost nothing to recompute.
 */
import { DecodeError, Too } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Catalogue from "./Catalogue.js"
import * as Sky from "./Sky.js"
import * as Timeline from "./Timeline.js"
import * as Visibility from "./Visibility.js"

/** The requests the simulator answers, as the core decodes them. */
export type Answerable = Too.VisQuery | Too.AFST | Too.Resolve | Too.Request

/** The api_names of {@link Answerable} requests. */
export type AnswerableName = Answerable["api_name"]

/** The api_names the simulator answers with a job (`Swift_TOO_Status` is answered at once). */
export const answerableNames: ReadonlyArray<AnswerableName> = [
  "Swift_TOO_Request",
  "Swift_VisQuery",
  "Swift_AFST",
  "Swift_Resolve"
]

/** Whether the simulator answers an api_name with a job. */
export const isAnswerable = (name: string): name is AnswerableName =>
  (answerableNames as ReadonlyArray<string>).includes(name)

/** Facts about a job its answer may use. */
export interface Facts {
  /** When the job was submitted: the as-flown timeline ends there. */
  readonly submittedAt: Date
  /** The TOO created for a `Swift_TOO_Request`, `null` for validate_only and other requests. */
  readonly tooId: number | null
  /** The target the TOO observes, `null` when no TOO was created. */
  readonly targetId: number | null
}

/** The answer to a processed request: the request echoed with its results filled in. */
export interface Answer {
  readonly result: Answerable
  readonly warnings: ReadonlyArray<string>
}

/** A request that passed every check at submission, with the means to answer it. */
export interface Admitted {
  readonly _tag: "Admitted"
  readonly request: Answerable
  readonly answer: (facts: Facts) => Answer
}

/** A request that did not pass, with a sentence for each problem. */
export interface Refused {
  readonly _tag: "Refused"
  readonly errors: ReadonlyArray<string>
}

/** The verdict on a submitted request. */
export type Admission = Admitted | Refused

interface Handler<A extends Answerable> {
  readonly decode: (payload: unknown) => Result.Result<A, DecodeError.DecodeError>
  /** The rules beyond the schema: a sentence for each one broken. */
  readonly check: (request: A, submittedAt: Date) => ReadonlyArray<string>
  readonly answer: (request: A, facts: Facts) => Answer
}

/** A problem found by a schema as a sentence naming the field, e.g. "source_name is required". */
const sentence = (problem: DecodeError.Problem): string => {
  const field = problem.path.replace(/^api_data\.?/, "")
  if (problem.message === "missing") return `${field === "" ? problem.path : field} is required`
  if (field === "" || problem.message.startsWith(field)) return problem.message
  return `${field}: ${problem.message}`
}

/** A time as the Swift services write it. */
const utc = (date: Date): string => date.toISOString().slice(0, 19).replace("T", " ")

const positionErrors = (ra: number | null | undefined, dec: number | null | undefined): Array<string> => [
  ...(ra !== null && ra !== undefined && !(ra >= 0 && ra <= 360)
    ? [`ra must be in decimal degrees from 0 to 360, got ${ra}`]
    : []),
  ...(dec !== null && dec !== undefined && !(dec >= -90 && dec <= 90)
    ? [`dec must be in decimal degrees from -90 to 90, got ${dec}`]
    : [])
]

/** The minute a query without `begin` starts at: the real server starts "from when the submission was sent, to the nearest minute". */
const minuteOf = (date: Date): Date => new Date(Math.floor(date.getTime() / 60_000) * 60_000)

const visQuery: Handler<Too.VisQuery> = {
  decode: DecodeError.decodeUnknown(Too.VisQuery, "Swift_VisQuery"),
  check: ({ api_data: query }) => {
    const hires = Too.isHires(query.hires)
    const max = hires ? Visibility.maxLength.hires : Visibility.maxLength.lowres
    return [
      ...positionErrors(query.ra, query.dec),
      ...(query.length > 0 && query.length <= max
        ? []
        : [
            `length must be more than 0 and at most ${max} days${hires ? " with hires" : ""}, got ${query.length}`
          ])
    ]
  },
  answer: (request, { submittedAt }) => {
    // The echo keeps what was sent (hires ["True"] stays a list) and fills in the begin the server chose.
    const begin = request.api_data.begin ?? minuteOf(submittedAt)
    const windows = Visibility.windows({
      ...request.api_data,
      begin,
      hires: Too.isHires(request.api_data.hires)
    })
    return {
      result: {
        ...request,
        api_data: {
          ...request.api_data,
          begin,
          // Begin and end only: swift_too computes a window's length itself.
          windows: windows.map((window) => ({
            api_name: "Swift_VisWindow",
            api_version: request.api_version,
            api_data: { begin: window.begin, end: window.end }
          }))
        }
      },
      warnings:
        windows.length === 0
          ? [`No windows: the target is within ${Sky.sunLimit} degrees of the Sun throughout.`]
          : []
    }
  }
}

const day = 86_400_000

/** The window an as-flown query searches: what it asked, a day from the one end it gave, or the 30 days before it. */
const afstWindow = (query: Too.AFST["api_data"], submittedAt: Date): { begin: Date; end: Date } => {
  const begin = query.begin ?? undefined
  const end = query.end ?? undefined
  if (begin !== undefined && end !== undefined) return { begin, end }
  if (begin !== undefined) return { begin, end: new Date(begin.getTime() + day) }
  if (end !== undefined) return { begin: new Date(end.getTime() - day), end }
  return { begin: new Date(submittedAt.getTime() - 30 * day), end: submittedAt }
}

/** An observation number, "00091094012" or 91094012: target ID, then a three-digit segment. */
const parseObsnum = (obsnum: number | string): { targetid: number; seg: number } | undefined => {
  const text = String(obsnum).trim()
  if (!/^\d{4,11}$/.test(text)) return undefined
  const value = Number(text)
  return { targetid: Math.floor(value / 1000), seg: value % 1000 }
}

const afst: Handler<Too.AFST> = {
  decode: DecodeError.decodeUnknown(Too.AFST, "Swift_AFST"),
  check: ({ api_data: query }, submittedAt) => {
    const { begin, end } = afstWindow(query, submittedAt)
    const hasRa = query.ra !== null && query.ra !== undefined
    const hasDec = query.dec !== null && query.dec !== undefined
    const obsnum = query.obsnum ?? undefined
    return [
      ...positionErrors(query.ra, query.dec),
      ...(hasRa === hasDec ? [] : ["ra and dec must be given together"]),
      ...(query.radius !== null && query.radius !== undefined && !(query.radius > 0 && query.radius <= 10)
        ? [`radius must be more than 0 and at most 10 degrees, got ${query.radius}`]
        : []),
      ...(obsnum !== undefined && parseObsnum(obsnum) === undefined
        ? [
            `obsnum must be an observation number such as "00091094012", got ${JSON.stringify(DecodeError.excerpt(String(obsnum)))}`
          ]
        : []),
      ...(end.getTime() > begin.getTime() ? [] : ["end must be after begin"]),
      ...(end.getTime() - begin.getTime() <= Timeline.maxDays * day
        ? []
        : [`begin to end must span at most ${Timeline.maxDays} days`])
    ]
  },
  answer: (request, { submittedAt }) => {
    const query = request.api_data
    const window = afstWindow(query, submittedAt)
    const obsnum = query.obsnum === null || query.obsnum === undefined ? undefined : parseObsnum(query.obsnum)
    const found = Timeline.pointings({
      begin: window.begin,
      // As flown: nothing after the query was made.
      end: new Date(Math.min(window.end.getTime(), submittedAt.getTime())),
      near:
        query.ra === null || query.ra === undefined || query.dec === null || query.dec === undefined
          ? undefined
          : { position: { ra: query.ra, dec: query.dec }, radius: query.radius ?? Timeline.defaultRadius },
      targetid: query.targetid ?? obsnum?.targetid,
      seg: obsnum?.seg
    })
    const defaulted = (query.begin ?? null) === null && (query.end ?? null) === null
    return {
      result: {
        ...request,
        api_data: {
          ...query,
          ...window,
          entries: found.map((pointing) => ({
            api_name: "Swift_AFST_Entry",
            api_version: request.api_version,
            api_data: {
              begin: pointing.begin,
              settle: pointing.settle,
              end: pointing.end,
              ra: pointing.ra,
              dec: pointing.dec,
              roll: pointing.roll,
              targname: pointing.source.name,
              targetid: pointing.source.targetid,
              seg: pointing.seg,
              ra_point: pointing.source.ra,
              dec_point: pointing.source.dec,
              xrt: pointing.source.xrt,
              uvot: pointing.uvot,
              bat: 0,
              fom: pointing.source.fom,
              obstype: pointing.source.obstype
            }
          }))
        }
      },
      warnings: [
        ...(defaulted ? ["No begin or end given: searched the 30 days before the query."] : []),
        ...(window.end.getTime() > submittedAt.getTime()
          ? [`The timeline is as flown: nothing after ${utc(submittedAt)} is listed.`]
          : [])
      ]
    }
  }
}

const resolve: Handler<Too.Resolve> = {
  decode: DecodeError.decodeUnknown(Too.Resolve, "Swift_Resolve"),
  check: ({ api_data: { name } }) =>
    Catalogue.resolve(name) === undefined
      ? [`Could not resolve the name ${JSON.stringify(DecodeError.excerpt(name))}.`]
      : [],
  answer: (request) => {
    // The check let only names that resolve through.
    const source = Catalogue.resolve(request.api_data.name)
    const { ra, dec, resolver } = source ?? { ra: null, dec: null, resolver: null }
    return { result: { ...request, api_data: { ...request.api_data, ra, dec, resolver } }, warnings: [] }
  }
}

const tooRequest: Handler<Too.Request> = {
  decode: DecodeError.decodeUnknown(Too.Request, "Swift_TOO_Request"),
  check: ({ api_data: request }, submittedAt) => {
    const fromSun = Sky.sunDistance(request, submittedAt)
    return [
      ...(request.username === "anonymous"
        ? [
            "Anonymous users may not submit a Swift_TOO_Request: register for a username and shared secret at the Swift TOO site."
          ]
        : []),
      ...(fromSun < Sky.sunLimit
        ? [
            `Source position is within ${Sky.sunLimit} degrees of the Sun (${fromSun.toFixed(1)} degrees on ${utc(submittedAt).slice(0, 10)}).`
          ]
        : [])
    ]
  },
  answer: (request, { tooId, targetId }) => ({
    result: {
      ...request,
      api_data: {
        ...request.api_data,
        too_id: tooId,
        target_id: targetId,
        decision: null,
        done: false,
        date_begin: null,
        date_end: null
      }
    },
    warnings: [
      ...(request.api_data.validate_only === true
        ? ["validate_only was set: the request is valid and no TOO was created."]
        : []),
      ...(request.api_data.proposal === true && (request.api_data.proposal_id ?? "").trim() === ""
        ? ["No proposal_id given."]
        : [])
    ]
  })
}

const admitWith = <A extends Answerable>(
  handler: Handler<A>,
  payload: unknown,
  submittedAt: Date
): Admission => {
  const decoded = handler.decode(payload)
  if (Result.isFailure(decoded)) return { _tag: "Refused", errors: decoded.failure.problems.map(sentence) }
  const request = decoded.success
  const errors = handler.check(request, submittedAt)
  return errors.length > 0
    ? { _tag: "Refused", errors }
    : { _tag: "Admitted", request, answer: (facts) => handler.answer(request, facts) }
}

/** Checks a request of an answerable api_name at the time it was submitted. */
export const admit = (name: AnswerableName, payload: unknown, submittedAt: Date): Admission => {
  switch (name) {
    case "Swift_VisQuery":
      return admitWith(visQuery, payload, submittedAt)
    case "Swift_AFST":
      return admitWith(afst, payload, submittedAt)
    case "Swift_Resolve":
      return admitWith(resolve, payload, submittedAt)
    case "Swift_TOO_Request":
      return admitWith(tooRequest, payload, submittedAt)
  }
}

/** Whether an admitted request creates a TOO (a `Swift_TOO_Request` without validate_only). */
export const createsToo = (request: Answerable): request is Too.Request =>
  request.api_name === "Swift_TOO_Request" && request.api_data.validate_only !== true
