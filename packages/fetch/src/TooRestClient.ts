/**
 * A client of the Swift TOO REST API (swift_too 2.0, March 2026) at
 * `https://www.swift.psu.edu/api/v2`: a registered user logs in once with
 * `POST /login {username, password: <shared secret>}` and the server's
 * `session` cookie goes with every later request; anonymous use needs no
 * login (and may do all but submit). The endpoints a submitter and a
 * follower use: `submit` (`POST /swift/too`, form fields as the official
 * client posts them), `requests` and `request` (`GET /swift/too`),
 * `calendar`, `observations` (`/swift/obsquery`), `data`, `visibility`
 * (`/swift/visquery`) and `resolve`.
 *
 * The session is kept in memory unless a {@link SessionStore} is given (the
 * Node entry has one that keeps it in a file only its owner can read). When
 * the server no longer knows a kept session (401), the client logs in again
 * once and repeats the request. The shared secret and the session are
 * `Redacted`, and scrubbed from every reply and error.
 *
 * The server's "no" comes in three shapes, each a `Refused` with its words:
 * 422 with FastAPI's `detail` list (each `field: message` in `problems`), 401
 * (bad credentials, or not logged in) and other 4xx replies that carry a
 * `status` object with `errors`.
 *
 * @example
 * ```ts
 * import { TooRestClient, Transport } from "@jobscope/fetch"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const program = Effect.gen(function* () {
 *   const too = yield* TooRestClient.TooRestClient
 *   const [latest] = (yield* too.requests({ limit: 1 })).entries
 *   return latest?.target_name
 * })
 * Effect.runPromise(program.pipe(Effect.provide(TooRestClient.layer().pipe(Layer.provide(Transport.layerFetch())))))
 * ```
 */
import { DecodeError, TooRest } from "@jobscope/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { HttpClientRequest } from "effect/http"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import { describe, type FetchError, InvalidReply, InvalidRequest, Refused, type Where } from "./FetchError.js"
import * as Redact from "./Redact.js"
import * as Transport from "./Transport.js"

/** Where a session cookie is kept between requests (and, for a file, between runs). */
export interface SessionStore {
  /** The session kept, if any. */
  readonly load: Effect.Effect<Option.Option<Redacted.Redacted<string>>>
  /** Keeps a new session. A store that cannot keep it goes on without: the next run logs in again. */
  readonly save: (session: Redacted.Redacted<string>) => Effect.Effect<void>
  /** Forgets the session, after the server stopped knowing it. */
  readonly clear: Effect.Effect<void>
}

/** A session store in memory: the default, gone when the process ends. */
export const memorySessions = (): SessionStore => {
  let kept: Option.Option<Redacted.Redacted<string>> = Option.none()
  return {
    load: Effect.sync(() => kept),
    save: (session) =>
      Effect.sync(() => {
        kept = Option.some(session)
      }),
    clear: Effect.sync(() => {
      kept = Option.none()
    })
  }
}

/** Who asks: anonymous (both omitted), or a registered user with their shared secret. */
export type Credentials =
  | { readonly username?: never; readonly secret?: never }
  | {
      /** The username registered at the Swift TOO site. */
      readonly username: string
      /** The shared secret, sent only as the password of `/login`, never shown. */
      readonly secret: string | Redacted.Redacted<string>
    }

/** Where the API is, who asks, and where the session is kept. */
export type Options = Credentials & {
  /** The API's address, as `SWIFT_TOO_API_URL` gives it to the official client (default: `https://www.swift.psu.edu/api/v2`). */
  readonly apiUrl?: string
  /** Where the session cookie is kept (default: {@link memorySessions}). */
  readonly sessions?: SessionStore
  /** The `User-Agent` header of every request (default: none; the platform's own). */
  readonly userAgent?: string
}

/** A TOO request as a submitter gives it: the form fields of `POST /swift/too` (see `SwiftTOOPostSchema`). */
export interface Submission {
  readonly target_name: string
  /** "Supernova", "GRB", "X-ray binary"…; a GRB needs `grb_triggertime` and `grb_detector`. */
  readonly target_type: string
  /** Right ascension and declination, J2000 decimal degrees. */
  readonly ra: number
  readonly dec: number
  /** Position error, arcminutes (90% confidence). */
  readonly poserr?: number
  readonly instrument?: "XRT" | "UVOT" | "BAT"
  readonly obs_type: "Spectroscopy" | "Light Curve" | "Position" | "Timing"
  /** 0 (most urgent) to 4 (default: 3). */
  readonly urgency?: 0 | 1 | 2 | 3 | 4
  readonly opt_mag?: number
  readonly opt_filt?: string
  readonly xrt_countrate?: number | string
  readonly bat_countrate?: number | string
  readonly other_brightness?: string
  readonly grb_detector?: string
  readonly grb_triggertime?: Date
  readonly immediate_objective: string
  readonly science_just: string
  /** Total exposure, seconds (default: `exp_time_per_visit × num_of_visits`, as the client computes it). */
  readonly exposure?: number
  readonly exp_time_just: string
  readonly exp_time_per_visit?: number
  readonly num_of_visits?: number
  /** The cadence of several visits, "1 day", "12 hours". */
  readonly monitoring_freq?: string
  /** XRT mode: 0 Auto, 6 WT, 7 PC (default). */
  readonly xrt_mode?: 0 | 6 | 7
  /** UVOT mode, "0x9999" (filter of the day, default) or another; another needs `uvot_just`. */
  readonly uvot_mode?: string
  readonly uvot_just?: string
  readonly proposal?: boolean
  readonly proposal_id?: string
  readonly proposal_pi?: string
  readonly proposal_trigger_just?: string
}

/** What a list of requests asks (at least one of them; `GET /swift/too`). */
export interface RequestsQuery {
  readonly tooId?: number
  /** Also what only a request's owner sees (default: false). */
  readonly detail?: boolean
  readonly limit?: number
  /** Which page of `limit` requests, from 1. */
  readonly page?: number
  readonly year?: number
  readonly begin?: Date
  readonly end?: Date
  readonly ra?: number
  readonly dec?: number
  /** Degrees. */
  readonly radius?: number
}

/** What a calendar query asks: a TOO, a target, or a position. */
export interface CalendarQuery {
  readonly tooId?: number
  readonly targetId?: number
  readonly ra?: number
  readonly dec?: number
  readonly radius?: number
}

/** What an as-flown timeline query asks: targets, observations, a position or a time range. */
export interface ObservationsQuery {
  readonly targetIds?: ReadonlyArray<number>
  readonly obsIds?: ReadonlyArray<string>
  readonly ra?: number
  readonly dec?: number
  readonly radius?: number
  readonly begin?: Date
  readonly end?: Date
}

/** Which of an observation's files to list besides the auxiliary ones. */
export interface DataOptions {
  readonly xrt?: boolean
  readonly uvot?: boolean
  readonly bat?: boolean
  readonly log?: boolean
}

/** What a Swift TOO REST API client does. */
export interface Shape {
  /** Logs in now (the other calls log in when they first need to); fails `Refused` for bad credentials. */
  readonly login: Effect.Effect<void, FetchError>
  /**
   * Submits a TOO request; answers `{"status": "Accepted", too_id, jobnumber}`,
   * or `{"status": "Validated"}` with `validateOnly`. Anonymous use fails
   * with `InvalidRequest` before anything is sent.
   */
  readonly submit: (
    submission: Submission,
    options?: { readonly validateOnly?: boolean }
  ) => Effect.Effect<TooRest.SubmitReply, FetchError>
  /** The requests that match, newest first. */
  readonly requests: (query: RequestsQuery) => Effect.Effect<TooRest.TooRequests, FetchError>
  /** One request in detail, by its TOO id; `Refused` when the server lists none (unknown, or not yours and not approved). */
  readonly request: (tooId: number) => Effect.Effect<TooRest.TooRequest, FetchError>
  /** The calendar's visits for a TOO, a target or a position. */
  readonly calendar: (query: CalendarQuery) => Effect.Effect<TooRest.Calendar, FetchError>
  /** The as-flown timeline that matches. */
  readonly observations: (query: ObservationsQuery) => Effect.Effect<TooRest.ObsQuery, FetchError>
  /** The files of an observation in the archive (none until its data arrive). */
  readonly data: (obsId: string, options?: DataOptions) => Effect.Effect<TooRest.Data, FetchError>
  /** When Swift can observe a position (default: from now, for 7 days). */
  readonly visibility: (
    ra: number,
    dec: number,
    options?: { readonly begin?: Date; readonly length?: number; readonly hires?: boolean }
  ) => Effect.Effect<TooRest.VisQuery, FetchError>
  /** The position of a source by name. */
  readonly resolve: (name: string) => Effect.Effect<TooRest.Resolve, FetchError>
}

/** A Swift TOO REST API client. */
export class TooRestClient extends Context.Service<TooRestClient, Shape>()("@jobscope/fetch/TooRestClient") {}

/** The production API. */
export const defaultApiUrl = "https://www.swift.psu.edu/api/v2"

/** The statuses whose body is the server's refusal, read rather than failed on. */
const refusals = [400, 401, 403, 404, 409, 422]

type Params = Readonly<
  Record<string, string | number | boolean | Date | ReadonlyArray<string | number> | undefined>
>

const encodeDate = (date: Date): string => {
  const text = date.toISOString()
  return text.endsWith(".000Z") ? text.slice(0, 19) : text.slice(0, 23)
}

/** A value as httpx writes it in a query or form: booleans lower case, times ISO 8601 in UTC. */
const wire = (value: string | number | boolean | Date): string =>
  value instanceof Date ? encodeDate(value) : typeof value === "boolean" ? String(value) : String(value)

/** The defined parameters as pairs, a list giving one pair per item. */
const pairsOf = (params: Params): Array<[string, string]> =>
  Object.entries(params).flatMap(
    ([name, value]): Array<[string, string]> =>
      value === undefined
        ? []
        : Array.isArray(value)
          ? value.map((item) => [name, String(item)])
          : [[name, wire(value as string | number | boolean | Date)]]
  )

/** Makes a Swift TOO REST API client over the transport. */
export const make = (options: Options = {}): Effect.Effect<Shape, never, Transport.Transport> =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const apiUrl = (options.apiUrl ?? defaultApiUrl).replace(/\/+$/, "")
    const username = options.username
    const secret =
      options.secret === undefined
        ? undefined
        : Redacted.isRedacted(options.secret)
          ? options.secret
          : Redacted.make(options.secret)
    const sessions = options.sessions ?? memorySessions()
    // Credentials to scrub: the secret always, and whichever session was last seen.
    let scrub = Redact.make(secret === undefined ? [] : [Redacted.value(secret)])
    const remember = (session: Redacted.Redacted<string>) => {
      scrub = Redact.make([
        ...(secret === undefined ? [] : [Redacted.value(secret)]),
        Redacted.value(session)
      ])
    }
    const hide = <E extends FetchError>(error: E): E => Redact.errors(scrub)(error)
    const hideInReply = <A>(reply: A): A => Redact.deep(scrub)(reply)

    const whereOf = (endpoint: string, path: string, job?: string | number): Where => ({
      endpoint,
      url: `${apiUrl}${path}`,
      ...(job === undefined ? {} : { job: String(job) })
    })

    const withAgent = (request: HttpClientRequest.HttpClientRequest) =>
      options.userAgent === undefined
        ? request
        : HttpClientRequest.setHeader(request, "user-agent", options.userAgent)

    const refused = (where: Where, error: string, problems: Refused["problems"]) =>
      new Refused({ ...where, error, problems, message: `${describe(where)}: refused: ${error}` })

    const invalidReply = (where: Where, status: number, problems: ReadonlyArray<DecodeError.Problem>) =>
      new InvalidReply({
        ...where,
        status,
        problems,
        message: DecodeError.make(describe(where), problems).message
      })

    /** A refusal's body in the server's words: FastAPI's `detail`, or a `status` object's errors. */
    const refusalOf = (where: Where, reply: Transport.Reply): FetchError => {
      const detail = DecodeError.decodeJson(TooRest.Detail, "reply")(reply.text)
      if (Result.isSuccess(detail)) {
        const messages = TooRest.detailMessages(detail.success.detail)
        const error =
          reply.status === 401
            ? `authentication failed (${messages.join("; ")}): check the username and shared secret`
            : messages.join("; ")
        return refused(
          where,
          error,
          reply.status === 422 ? [{ label: "Validation errors", list: messages }] : []
        )
      }
      const status = DecodeError.decodeJson(TooRest.StatusRefusal, "reply")(reply.text)
      if (Result.isSuccess(status)) {
        const errors = status.success.status.errors ?? []
        const warnings = status.success.status.warnings ?? []
        return refused(
          where,
          errors.length > 0 ? errors.join(" ") : `HTTP ${reply.status}, ${status.success.status.status}`,
          [
            ...(errors.length > 0 ? [{ label: "Errors", list: errors }] : []),
            ...(warnings.length > 0 ? [{ label: "Warnings", list: warnings }] : [])
          ]
        )
      }
      return invalidReply(where, reply.status, [
        {
          path: "",
          message: `an HTTP ${reply.status} reply that is neither FastAPI's detail nor a status object`
        }
      ])
    }

    /** Sends a request and decodes a 2xx reply with `schema`; a refusal in any of the server's shapes fails `Refused`. */
    const exchange = <S extends Schema.Decoder<unknown>>(
      where: Where,
      request: HttpClientRequest.HttpClientRequest,
      schema: S
    ): Effect.Effect<{ readonly reply: Transport.Reply; readonly body: S["Type"] | undefined }, FetchError> =>
      Effect.flatMap(
        transport.send({
          endpoint: where.endpoint,
          job: where.job,
          request: withAgent(request),
          accept: refusals
        }),
        (
          reply
        ): Effect.Effect<
          { readonly reply: Transport.Reply; readonly body: S["Type"] | undefined },
          FetchError
        > => {
          if (reply.status === 401) return Effect.succeed({ reply, body: undefined })
          if (reply.status >= 400) return Effect.fail(refusalOf(where, reply))
          const decoded = DecodeError.decodeJson(schema, "reply")(reply.text)
          if (Result.isSuccess(decoded)) return Effect.succeed({ reply, body: decoded.success })
          const { problems, message } = DecodeError.make(describe(where), decoded.failure.problems)
          return Effect.fail(new InvalidReply({ ...where, status: reply.status, problems, message }))
        }
      )

    const loginWhere = whereOf("Swift TOO login", "/login")

    /** Logs in and keeps the session the server set (the reply's body says nothing the client needs). */
    const login: Effect.Effect<Redacted.Redacted<string>, FetchError> = Effect.gen(function* () {
      if (username === undefined || secret === undefined)
        return yield* Effect.fail(
          new InvalidRequest({
            ...loginWhere,
            problems: [
              { path: "username", message: "anonymous use has no login: give a username and shared secret" }
            ],
            message: `${describe(loginWhere)}: anonymous use has no login (not sent)`
          })
        )
      const request = HttpClientRequest.post(`${apiUrl}/login`).pipe(
        HttpClientRequest.bodyJsonUnsafe({ username, password: Redacted.value(secret) })
      )
      const reply = yield* transport.send({
        endpoint: loginWhere.endpoint,
        request: withAgent(request),
        accept: refusals
      })
      if (reply.status >= 400) return yield* Effect.fail(refusalOf(loginWhere, reply))
      const session = sessionCookie(reply.headers["set-cookie"])
      if (session === undefined)
        return yield* Effect.fail(
          invalidReply(loginWhere, reply.status, [
            { path: "Set-Cookie", message: "a login accepted without a session cookie" }
          ])
        )
      const kept = Redacted.make(session)
      remember(kept)
      yield* sessions.save(kept)
      return kept
    }).pipe(Effect.mapError(hide))

    /** The session to send: the kept one, else a new login (none for anonymous use). */
    const currentSession: Effect.Effect<Redacted.Redacted<string> | undefined, FetchError> =
      username === undefined
        ? Effect.succeed(undefined)
        : Effect.flatMap(sessions.load, (kept) => {
            if (Option.isNone(kept)) return login
            remember(kept.value)
            return Effect.succeed(kept.value)
          })

    /**
     * Sends a request with the session; when the server no longer knows a
     * kept session (401), logs in again once and repeats it.
     */
    const call = <S extends Schema.Decoder<unknown>>(
      where: Where,
      build: () => HttpClientRequest.HttpClientRequest,
      schema: S
    ): Effect.Effect<S["Type"], FetchError> => {
      const attempt = (session: Redacted.Redacted<string> | undefined) =>
        exchange(
          where,
          session === undefined
            ? build()
            : HttpClientRequest.setHeader(build(), "cookie", `session=${Redacted.value(session)}`),
          schema
        )
      return Effect.gen(function* () {
        const session = yield* currentSession
        const first = yield* attempt(session)
        if (first.body !== undefined) return first.body
        if (session !== undefined) {
          yield* sessions.clear
          const again = yield* attempt(yield* login)
          if (again.body !== undefined) return again.body
          return yield* Effect.fail(refusalOf(where, again.reply))
        }
        return yield* Effect.fail(refusalOf(where, first.reply))
      }).pipe(Effect.map(hideInReply), Effect.mapError(hide))
    }

    const get = <S extends Schema.Decoder<unknown>>(
      endpoint: string,
      path: string,
      params: Params,
      schema: S,
      job?: string | number
    ) =>
      call(
        whereOf(endpoint, path, job),
        () => HttpClientRequest.get(`${apiUrl}${path}`).pipe(HttpClientRequest.setUrlParams(pairsOf(params))),
        schema
      )

    const submitWhere = whereOf("Swift TOO submit", "/swift/too")

    return {
      login: Effect.asVoid(login),
      submit: (submission, submitOptions = {}) => {
        if (username === undefined)
          return Effect.fail(
            new InvalidRequest({
              ...submitWhere,
              problems: [
                {
                  path: "username",
                  message:
                    "anonymous users may not submit a TOO request: give the username and shared secret you registered at the Swift TOO site"
                }
              ],
              message: `${describe(submitWhere)}: anonymous users may not submit a TOO request (not sent)`
            })
          )
        const exposure =
          submission.exposure ??
          (submission.exp_time_per_visit === undefined
            ? undefined
            : Math.round(submission.exp_time_per_visit * (submission.num_of_visits ?? 1)))
        const fields = pairsOf({
          instrument: "XRT",
          urgency: 3,
          uvot_mode: "0x9999",
          xrt_mode: 7,
          ...submission,
          exposure,
          username,
          validate_only: submitOptions.validateOnly ?? false
        } as Params)
        return call(
          submitWhere,
          () => HttpClientRequest.post(`${apiUrl}/swift/too`).pipe(HttpClientRequest.bodyUrlParams(fields)),
          TooRest.SubmitReply
        )
      },
      requests: (query) =>
        get(
          "Swift TOO requests",
          "/swift/too",
          {
            too_id: query.tooId,
            detail: query.detail,
            limit: query.limit,
            page: query.page,
            year: query.year,
            begin: query.begin,
            end: query.end,
            ra: query.ra,
            dec: query.dec,
            radius: query.radius
          },
          TooRest.TooRequests,
          query.tooId
        ),
      request: (tooId) =>
        Effect.flatMap(
          get("Swift TOO request", "/swift/too", { too_id: tooId, detail: true }, TooRest.TooRequests, tooId),
          (list) => {
            const found = list.entries.find((entry) => entry.too_id === tooId)
            const where = whereOf("Swift TOO request", "/swift/too", tooId)
            return found === undefined
              ? Effect.fail(
                  refused(
                    where,
                    `the server lists no TOO request ${tooId} for ${username ?? "anonymous"} users`,
                    []
                  )
                )
              : Effect.succeed(found)
          }
        ),
      calendar: (query) =>
        get(
          "Swift TOO calendar",
          "/swift/calendar",
          {
            too_id: query.tooId,
            targetid: query.targetId,
            ra: query.ra,
            dec: query.dec,
            radius: query.radius
          },
          TooRest.Calendar,
          query.tooId
        ),
      observations: (query) =>
        get(
          "Swift TOO observations",
          "/swift/obsquery",
          {
            target_id: query.targetIds,
            obs_id: query.obsIds,
            ra: query.ra,
            dec: query.dec,
            radius: query.radius,
            begin: query.begin,
            end: query.end
          },
          TooRest.ObsQuery
        ),
      data: (obsId, dataOptions = {}) =>
        get(
          "Swift TOO data",
          "/swift/data",
          { obs_id: obsId, auxil: true, ...dataOptions },
          TooRest.Data,
          obsId
        ),
      visibility: (ra, dec, visibilityOptions = {}) =>
        get(
          "Swift TOO visibility",
          "/swift/visquery",
          {
            ra,
            dec,
            begin: visibilityOptions.begin,
            length: visibilityOptions.length,
            hires: visibilityOptions.hires
          },
          TooRest.VisQuery
        ),
      resolve: (name) => get("Swift TOO resolve", "/resolve", { name }, TooRest.Resolve)
    } satisfies Shape
  })

/** The value of the `session` cookie a `Set-Cookie` header sets (several may be folded into one with commas). */
const sessionCookie = (header: string | undefined): string | undefined => {
  const match = /(?:^|[,;]\s*)session=([^;,\s]+)/.exec(header ?? "")
  return match?.[1]
}

/** A Swift TOO REST API client as a layer over the transport (default: anonymous, at {@link defaultApiUrl}). */
export const layer = (options: Options = {}): Layer.Layer<TooRestClient, never, Transport.Transport> =>
  Layer.effect(TooRestClient, make(options))
