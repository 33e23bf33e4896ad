/**
 * The simulated Swift TOO REST API (swift_too 2.0, March 2026) under
 * `/api/v2`: `POST /login` with JSON `{username, password}` (the shared
 * secret) sets a `session` cookie; `POST /swift/too` takes a TOO request as
 * form fields from a logged-in user; `GET /swift/too` lists requests (the
 * public record of approved ones, and in `detail` one's own), and
 * `/swift/calendar`, `/swift/obsquery`, `/swift/data`, `/swift/visquery` and
 * `/resolve` answer as the official client expects. Errors are FastAPI's:
 * 422 `{"detail": [{type, loc, msg, input}]}`, 401 `{"detail": "…"}`, and
 * 4xx replies carrying a `status` object. Requests move through decision,
 * calendar, observation and archive on the simulated clock (see `Plan`).
 */
import { randomBytes } from "node:crypto"
import { TooRest } from "@jobscope/core"
import * as Schema from "effect/Schema"
import type * as Route from "../Route.js"
import * as Catalogue from "../too/Catalogue.js"
import * as Sky from "../too/Sky.js"
import * as Visibility from "../too/Visibility.js"
import * as Form from "./Form.js"
import * as Wire from "./Wire.js"
import * as World from "./World.js"

/** How the simulated REST API is set up. */
export interface Options {
  /** Shared secrets by username, the passwords of `/login` (default: none). */
  readonly users?: Readonly<Record<string, string>>
  /** The too_id of the first request, seeded ones included (default: 22680). */
  readonly firstTooId?: number
  /** The jobnumber of the first request (default: 23472400). */
  readonly firstJobNumber?: number
  /** The target ID of the first request (default: 3_200_001). */
  readonly firstTargetId?: number
  /** The chance a submitted request is rejected (default: 0.2). */
  readonly rejection?: number
  /** The chance a visit is cut short by a GRB (default: 0.15). */
  readonly interruption?: number
  /** Start with the seeded requests: rejected ones, one flown in three visits, one with a visit a GRB cut short (default: true). */
  readonly seeded?: boolean
}

/** A request as a test sees it. */
export interface RequestView {
  readonly tooId: number
  readonly username: string
  readonly targetName: string
  readonly decision: "Approved" | "Rejected"
  readonly decidedAt: Date
  readonly scheduledAt: Date
  readonly visits: ReadonlyArray<{
    readonly begin: Date
    readonly end: Date
    readonly duration: number
    readonly interrupted: boolean
    readonly obsId: string
    readonly archivedAt: Date
  }>
}

/** The simulated REST API: its routes, and controls for tests. */
export interface Api extends Route.Api {
  /** Adds a user, or changes a user's shared secret. */
  readonly setUser: (username: string, secret: string) => void
  /** Every request, oldest first. */
  readonly requests: () => ReadonlyArray<RequestView>
  readonly request: (tooId: number) => RequestView | undefined
}

/** Where the API lives. */
export const prefix = "/api/v2"

/** Where the simulated archive serves data files. */
export const archivePrefix = "/FTP/swift/data/obs"

const encodeRecord = Schema.encodeSync(TooRest.TooRequest)
const encodeCalendarEntry = Schema.encodeSync(TooRest.CalendarEntry)
const encodeObservation = Schema.encodeSync(TooRest.Observation)
const encodeWindow = Schema.encodeSync(TooRest.VisWindow)
const encodeDate = Schema.encodeSync(TooRest.DateTime)

const accepted = { status: "Accepted", errors: [], warnings: [] }

const json = (
  status: number,
  body: unknown,
  job?: number,
  headers?: Record<string, string>
): Route.Reply => ({
  status,
  body: JSON.stringify(body),
  ...(job === undefined ? {} : { job: `too-request/${job}` }),
  ...(headers === undefined ? {} : { headers })
})

/** FastAPI's 422: what was wrong with the request. */
const invalid = (issues: ReadonlyArray<Form.Issue>): Route.Reply => json(422, { detail: issues })

/** A 4xx with the status object the official client reads errors from. */
const refused = (status: number, username: string, errors: ReadonlyArray<string>): Route.Reply =>
  json(status, { status: { username, status: "Rejected", errors, warnings: [] } })

const missing = (where: "query" | "body", name: string): Form.Issue => ({
  type: "missing",
  loc: [where, name],
  msg: "Field required",
  input: null
})

/** Reads query parameters as FastAPI does, collecting its issues. */
const queryReader = (query: URLSearchParams) => {
  const issues: Array<Form.Issue> = []
  const text = (name: string) => {
    const value = query.get(name)
    return value === null || value === "" ? undefined : value
  }
  const number = (name: string, integer = false): number | undefined => {
    const value = text(name)
    if (value === undefined) return undefined
    const parsed = Number(value)
    if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
      issues.push({
        type: integer ? "int_parsing" : "float_parsing",
        loc: ["query", name],
        msg: integer
          ? "Input should be a valid integer, unable to parse string as an integer"
          : "Input should be a valid number, unable to parse string as a number",
        input: value
      })
      return undefined
    }
    return parsed
  }
  const integers = (name: string): ReadonlyArray<number> =>
    query.getAll(name).flatMap((value) => {
      const parsed = Number(value)
      if (Number.isInteger(parsed)) return [parsed]
      issues.push({
        type: "int_parsing",
        loc: ["query", name],
        msg: "Input should be a valid integer, unable to parse string as an integer",
        input: value
      })
      return []
    })
  const boolean = (name: string, fallback: boolean): boolean => {
    const value = text(name)?.toLowerCase()
    if (value === undefined) return fallback
    if (["true", "1", "yes", "on", "t", "y"].includes(value)) return true
    if (["false", "0", "no", "off", "f", "n"].includes(value)) return false
    issues.push({
      type: "bool_parsing",
      loc: ["query", name],
      msg: "Input should be a valid boolean, unable to interpret input",
      input: value
    })
    return fallback
  }
  const time = (name: string): number | undefined => {
    const value = text(name)
    if (value === undefined) return undefined
    const iso = value.includes("T") ? value : value.replace(" ", "T")
    const parsed = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) || iso.length <= 10 ? iso : `${iso}Z`)
    if (Number.isNaN(parsed)) {
      issues.push({
        type: "datetime_from_date_parsing",
        loc: ["query", name],
        msg: "Input should be a valid datetime or date, input is too short",
        input: value
      })
      return undefined
    }
    return parsed
  }
  const atLeastOne = (names: ReadonlyArray<string>) => {
    if (!names.some((name) => text(name) !== undefined))
      issues.push({
        type: "value_error",
        loc: ["query"],
        msg: "Value error, At least one parameter must be set",
        input: Object.fromEntries(query)
      })
  }
  return { issues, text, number, integers, boolean, time, atLeastOne }
}

/** Whether a request's position lies within `radius` degrees of a position. */
const near = (entry: World.Entry, ra: number | undefined, dec: number | undefined, radius: number): boolean =>
  ra === undefined || dec === undefined || Sky.separation(entry.request, { ra, dec }) <= radius

/** The session cookie of a request. */
const sessionOf = (request: Route.Request): string | undefined => {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=")
    if (name === "session") return value.join("=")
  }
  return undefined
}

const checkFirst = (name: string, first: number): number => {
  if (!(Number.isSafeInteger(first) && first >= 1))
    throw new RangeError(`${name} must be a whole number ≥ 1, not ${first}`)
  return first
}

const checkChance = (name: string, chance: number): number => {
  if (!(chance >= 0 && chance <= 1)) throw new RangeError(`${name} must be from 0 to 1, not ${chance}`)
  return chance
}

/** Makes the simulated REST API. */
export const make = (context: Route.Context, options: Options = {}): Api => {
  const users = new Map<string, string>(Object.entries(options.users ?? {}))
  const sessions = new Map<string, string>()
  const now = () => context.clock.now().getTime()
  const world = World.make({
    random: context.random,
    now: context.clock.now,
    firstTooId: checkFirst("firstTooId", options.firstTooId ?? 22680),
    firstJobNumber: checkFirst("firstJobNumber", options.firstJobNumber ?? 23472400),
    firstTargetId: checkFirst("firstTargetId", options.firstTargetId ?? 3_200_001),
    odds: {
      rejection: checkChance("rejection", options.rejection ?? 0.2),
      interruption: checkChance("interruption", options.interruption ?? 0.15)
    },
    seeded: options.seeded ?? true
  })

  /** The logged-in user of a request, if any. */
  const userOf = (request: Route.Request): string | undefined => {
    const token = sessionOf(request)
    return token === undefined ? undefined : sessions.get(token)
  }

  const login: Route.Route = {
    name: "tooRest.login",
    methods: ["POST"],
    pattern: `${prefix}/login`,
    handle: (request) => {
      let body: unknown
      try {
        body = JSON.parse(request.body)
      } catch (error) {
        return invalid([
          {
            type: "json_invalid",
            loc: ["body", 0],
            msg: "JSON decode error",
            input: {},
            ctx: { error: error instanceof Error ? error.message : "Expecting value" }
          }
        ])
      }
      const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {}
      const issues = (["username", "password"] as const).flatMap((name) =>
        typeof fields[name] === "string" ? [] : [missing("body", name)]
      )
      if (issues.length > 0) return invalid(issues)
      const username = fields.username as string
      if (users.get(username) !== fields.password)
        return json(401, { detail: "Invalid username or password" })
      const token = randomBytes(24).toString("base64url")
      sessions.set(token, username)
      return json(200, { username, status: "Accepted" }, undefined, {
        "Set-Cookie": `session=${token}; HttpOnly; Max-Age=86400; Path=/; SameSite=lax`
      })
    }
  }

  const submit = (request: Route.Request): Route.Reply => {
    const user = userOf(request)
    if (user === undefined) return json(401, { detail: "Not authenticated" })
    const read = Form.read(new URLSearchParams(request.body))
    if (!read.ok) return invalid(read.issues)
    const submitted = read.request
    if (submitted.username !== user)
      return refused(403, submitted.username, [`You are logged in as ${user}, not ${submitted.username}.`])
    if (Sky.sunDistance(submitted, context.clock.now()) < Sky.sunLimit)
      return refused(400, user, [
        `The target is within ${Sky.sunLimit} degrees of the Sun and cannot be observed by Swift at this time.`
      ])
    if (submitted.validate_only) return json(200, { status: "Validated" })
    const entry = world.submit(submitted)
    return json(
      201,
      { status: "Accepted", too_id: entry.tooId, jobnumber: entry.jobnumber, errors: [], warnings: [] },
      entry.tooId
    )
  }

  const list = (request: Route.Request): Route.Reply => {
    const query = queryReader(request.query)
    const tooId = query.number("too_id", true)
    const limit = query.number("limit", true)
    const page = query.number("page", true)
    const year = query.number("year", true)
    const ra = query.number("ra")
    const dec = query.number("dec")
    const radius = query.number("radius") ?? 12 / 60
    const begin = query.time("begin")
    const end = query.time("end")
    const detail = query.boolean("detail", false)
    query.atLeastOne(["begin", "end", "length", "ra", "dec", "limit", "year", "too_id"])
    if (query.issues.length > 0) return invalid(query.issues)
    const user = userOf(request)
    const at = now()
    const visible = world
      .entries()
      .filter((entry) => entry.plan.submittedAt <= at)
      .filter((entry) =>
        detail && user === entry.request.username
          ? true
          : at >= entry.plan.decidedAt && entry.plan.decision === "Approved"
      )
      .filter((entry) => tooId === undefined || entry.tooId === tooId)
      .filter((entry) => year === undefined || new Date(entry.plan.submittedAt).getUTCFullYear() === year)
      .filter((entry) => begin === undefined || entry.plan.submittedAt >= begin)
      .filter((entry) => end === undefined || entry.plan.submittedAt <= end)
      .filter((entry) => near(entry, ra, dec, radius))
      .reverse()
    const size = limit ?? visible.length
    const from = ((page ?? 1) - 1) * size
    const entries = visible
      .slice(Math.max(0, from), Math.max(0, from) + size)
      .map((entry) => encodeRecord(Wire.recordOf(entry, at, detail && user === entry.request.username)))
    return json(
      200,
      { entries, too_id: tooId ?? null, limit: limit ?? null, year: year ?? null, detail, status: accepted },
      tooId
    )
  }

  const calendar: Route.Route = {
    name: "tooRest.calendar",
    methods: ["GET"],
    pattern: `${prefix}/swift/calendar`,
    handle: (request) => {
      const query = queryReader(request.query)
      const tooId = query.number("too_id", true)
      const targetId = query.number("targetid", true)
      const ra = query.number("ra")
      const dec = query.number("dec")
      const radius = query.number("radius") ?? 12 / 60
      const begin = query.time("begin")
      const end = query.time("end")
      query.atLeastOne(["too_id", "targetid", "ra", "dec", "begin", "end"])
      if (query.issues.length > 0) return invalid(query.issues)
      const at = now()
      const entries = world
        .entries()
        .filter(
          (entry) =>
            (tooId === undefined || entry.tooId === tooId) &&
            (targetId === undefined || entry.targetId === targetId)
        )
        .filter((entry) => near(entry, ra, dec, radius))
        .flatMap((entry) => Wire.calendarOf(entry, at))
        .filter(
          (visit) =>
            (begin === undefined || visit.end!.getTime() >= begin) &&
            (end === undefined || visit.begin!.getTime() <= end)
        )
        .map((visit) => encodeCalendarEntry(visit))
      return json(
        200,
        { too_id: tooId ?? null, targetid: targetId ?? null, entries, status: accepted },
        tooId
      )
    }
  }

  const obsquery: Route.Route = {
    name: "tooRest.obsquery",
    methods: ["GET"],
    pattern: `${prefix}/swift/obsquery`,
    handle: (request) => {
      const query = queryReader(request.query)
      const targetIds = query.integers("target_id")
      const obsIds = request.query.getAll("obs_id")
      const ra = query.number("ra")
      const dec = query.number("dec")
      const radius = query.number("radius") ?? 12 / 60
      const begin = query.time("begin")
      const end = query.time("end")
      query.atLeastOne(["begin", "end", "length", "ra", "dec", "target_id", "obs_id"])
      if (query.issues.length > 0) return invalid(query.issues)
      const at = now()
      const entries = world
        .entries()
        .filter((entry) => targetIds.length === 0 || targetIds.includes(entry.targetId))
        .filter((entry) => near(entry, ra, dec, radius))
        .flatMap((entry) => Wire.observationsOf(entry, at))
        .filter((snapshot) => obsIds.length === 0 || obsIds.includes(snapshot.obs_id ?? ""))
        .filter(
          (snapshot) =>
            (begin === undefined || snapshot.end!.getTime() >= begin) &&
            (end === undefined || snapshot.begin!.getTime() <= end)
        )
        .sort((a, b) => a.begin!.getTime() - b.begin!.getTime())
        .map(({ comment, ...snapshot }) => ({
          ...encodeObservation(snapshot),
          ...(comment === undefined ? {} : { comment })
        }))
      return json(200, { entries, afstmax: encodeDate(new Date(at)), status: accepted })
    }
  }

  const data: Route.Route = {
    name: "tooRest.data",
    methods: ["GET"],
    pattern: `${prefix}/swift/data`,
    handle: (request) => {
      const query = queryReader(request.query)
      const obsId = query.text("obs_id")
      const asked = {
        auxil: query.boolean("auxil", true),
        xrt: query.boolean("xrt", false),
        uvot: query.boolean("uvot", false),
        bat: query.boolean("bat", false),
        log: query.boolean("log", false)
      }
      if (obsId === undefined) query.issues.push(missing("query", "obs_id"))
      if (query.issues.length > 0 || obsId === undefined) return invalid(query.issues)
      const entry = world
        .entries()
        .find((candidate) => obsId.startsWith(String(candidate.targetId).padStart(8, "0")))
      const visit = entry === undefined ? -1 : Number(obsId.slice(8)) - 1
      const root = `${context.baseUrl()}${archivePrefix}`
      const entries =
        entry === undefined || obsId.length !== 11 ? [] : Wire.filesOf(entry, visit, now(), root, asked)
      return json(200, { obs_id: obsId, ...asked, entries, status: accepted }, entry?.tooId)
    }
  }

  /** A file of the simulated archive: a FITS primary header naming the observation, padded to one 2880-byte block. */
  const archiveFile = (request: Route.Request): Route.Reply => ({
    status: 200,
    headers: { "Content-Type": "application/octet-stream" },
    body: `${"SIMPLE  =                    T / simulated Swift archive file".padEnd(80)}${`OBS_ID  = '${request.params.obsId}'`.padEnd(80)}END`.padEnd(
      2880,
      " "
    )
  })
  // The archive's files lie one level down (`auxil`, `log`) or two (`xrt/event`, `uvot/image`).
  const archive: ReadonlyArray<Route.Route> = [
    `${archivePrefix}/:month/:obsId/:instrument/:file`,
    `${archivePrefix}/:month/:obsId/:instrument/:kind/:file`
  ].map((pattern) => ({ name: "tooRest.archive", methods: ["GET"], pattern, handle: archiveFile }))

  const visquery: Route.Route = {
    name: "tooRest.visquery",
    methods: ["GET"],
    pattern: `${prefix}/swift/visquery`,
    handle: (request) => {
      const query = queryReader(request.query)
      const ra = query.number("ra")
      const dec = query.number("dec")
      if (ra === undefined && query.text("ra") === undefined) query.issues.push(missing("query", "ra"))
      if (dec === undefined && query.text("dec") === undefined) query.issues.push(missing("query", "dec"))
      const begin = query.time("begin") ?? now()
      const end = query.time("end")
      const hires = query.boolean("hires", false)
      const length = end === undefined ? (query.number("length") ?? 7) : (end - begin) / 86_400_000
      const longest = hires ? Visibility.maxLength.hires : Visibility.maxLength.lowres
      if (!(length > 0 && length <= longest))
        query.issues.push({
          type: "value_error",
          loc: ["query"],
          msg: `Value error, length must be more than 0 and at most ${longest} days`,
          input: Object.fromEntries(request.query)
        })
      if (query.issues.length > 0 || ra === undefined || dec === undefined) return invalid(query.issues)
      const windows = Visibility.windows({ ra, dec, begin: new Date(begin), length, hires })
      return json(200, {
        ra,
        dec,
        begin: encodeDate(new Date(begin)),
        end: encodeDate(new Date(begin + length * 86_400_000)),
        hires,
        windows: windows.map((window) => encodeWindow(window)),
        status: accepted
      })
    }
  }

  const resolve: Route.Route = {
    name: "tooRest.resolve",
    methods: ["GET"],
    pattern: `${prefix}/resolve`,
    handle: (request) => {
      const name = request.query.get("name")
      if (name === null || name.trim() === "") return invalid([missing("query", "name")])
      const found = Catalogue.resolve(name)
      if (found === undefined) return refused(404, "anonymous", [`Could not resolve name: ${name}`])
      return json(200, { name, ra: found.ra, dec: found.dec, resolver: found.resolver, status: accepted })
    }
  }

  const view = (entry: World.Entry): RequestView => ({
    tooId: entry.tooId,
    username: entry.request.username,
    targetName: entry.request.target_name,
    decision: entry.plan.decision,
    decidedAt: new Date(entry.plan.decidedAt),
    scheduledAt: new Date(entry.plan.scheduledAt),
    visits: entry.plan.visits.map((visit, index) => ({
      begin: new Date(visit.begin),
      end: new Date(visit.end),
      duration: visit.duration,
      interrupted: visit.interrupted,
      obsId: World.obsIdOf(entry, index),
      archivedAt: new Date(visit.archivedAt)
    }))
  })

  /**
   * A request that carries a session the server does not know (expired, or
   * from before a restart) is answered 401, as the client's cue to log in
   * again, rather than quietly as anonymous.
   */
  const knownSession = (route: Route.Route): Route.Route => ({
    ...route,
    handle: (request) =>
      sessionOf(request) !== undefined && userOf(request) === undefined
        ? json(401, { detail: "Session expired or unknown: log in again" })
        : route.handle(request)
  })

  return {
    routes: [
      login,
      ...[
        {
          name: "tooRest.too",
          methods: ["GET", "POST"],
          pattern: `${prefix}/swift/too`,
          handle: (request: Route.Request) => (request.method === "POST" ? submit(request) : list(request))
        } satisfies Route.Route,
        calendar,
        obsquery,
        data,
        visquery,
        resolve
      ].map(knownSession),
      ...archive
    ],
    setUser: (username, secret) => {
      if (username.trim() === "" || secret === "")
        throw new RangeError("a user needs a name and a shared secret")
      users.set(username, secret)
    },
    requests: () => world.entries().map(view),
    request: (tooId) => {
      const entry = world.entry(tooId)
      return entry === undefined ? undefined : view(entry)
    }
  }
}
