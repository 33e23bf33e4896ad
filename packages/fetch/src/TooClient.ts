/**
 * A client of the Swift Target-of-Opportunity (TOO) API, JWT era (API 1.2):
 * every request is an envelope `{api_name, api_version, api_data}` signed as
 * an HS256 JSON Web Token with the user's shared secret and sent as the form
 * field `jwt` (or the query parameter, with `method: "GET"`) to
 * `/toop/submit_json.php`. A request starts a job; the reply is the job's
 * first status (Queued, Processing, or at once its result), and
 * {@link Shape.status} asks again by job number. Following a job until it
 * finishes is the watcher's work.
 *
 * Two kinds of "no" are kept apart. A job that ends `Rejected` is an outcome,
 * returned as a status like any other. A reply that started no job (a
 * `Rejected` status without a `jobnumber`: a token the server could not
 * verify, an unknown user or job number) means the request itself was not
 * processed: it fails with `Refused`, carrying the server's errors.
 *
 * Without a username the client is anonymous (username and shared secret
 * "anonymous"), which the API allows for everything but `Swift_TOO_Request`.
 * The shared secret is held as `Redacted`; it signs tokens and goes nowhere else.
 *
 * @example
 * ```ts
 * import { TooClient, Transport } from "@jobscope/fetch"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const program = Effect.gen(function* () {
 *   const too = yield* TooClient.TooClient
 *   const first = yield* too.visibility(83.633, 22.0145, { length: 2 })
 *   return first.api_data.status // "Queued"
 * })
 * Effect.runPromise(program.pipe(Effect.provide(TooClient.layer().pipe(Layer.provide(Transport.layerFetch())))))
 * ```
 */
import { DecodeError, Too } from "@jobscope/core"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { HttpClientRequest } from "effect/http"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { SignJWT } from "jose"
import {
  describe,
  type FetchError,
  InvalidReply,
  InvalidRequest,
  Refused,
  where as whereOf
} from "./FetchError.js"
import * as SameJob from "./internal/sameJob.js"
import * as Redact from "./Redact.js"
import * as Transport from "./Transport.js"

/** Who signs the requests: anonymous (both omitted), or a registered user with their shared secret. */
export type Credentials =
  | {
      readonly username?: never
      readonly secret?: never
    }
  | {
      /** The registered username, sent in every request's `api_data`. */
      readonly username: string
      /** The user's shared secret, which signs every token and is never sent or shown. */
      readonly secret: string | Redacted.Redacted<string>
    }

/** Where the API is, who signs, and how tokens travel. */
export type Options = Credentials & {
  /** The API's address (default: `https://www.swift.psu.edu`). */
  readonly baseUrl?: string
  /** POST the token as the form field `jwt`, or GET it as the query parameter `jwt` (default: "POST", as the API recommends). */
  readonly method?: "POST" | "GET"
  /** The `User-Agent` header of every request, such as "jobscope/0.1.0 (+https://…)" (default: none; the platform's own). */
  readonly userAgent?: string
}

/** The api_data fields a server fills in on a `Swift_TOO_Request`, which a caller does not send. */
type ServerFields = "too_id" | "target_id" | "decision" | "done" | "date_begin" | "date_end" | "status"

/**
 * The fields of a TOO request a caller gives: every `Swift_TOO_Request` field
 * except `username` (the client's own), `validate_only` (an option of
 * {@link Shape.request}) and those the server fills in.
 */
export type RequestData = Omit<Too.Request["api_data"], "username" | "validate_only" | ServerFields>

/** Options of {@link Shape.request}. */
export interface RequestOptions {
  /** Ask the server to check the request without creating a TOO (default: false). */
  readonly validateOnly?: boolean
}

/** Options of {@link Shape.visibility}. */
export interface VisibilityOptions {
  /** The start of the period searched (default: now, to the second). */
  readonly begin?: Date
  /** How many days to search (default: 1). */
  readonly length?: number
  /** High-resolution windows (default: not asked, which the server reads as false). */
  readonly hires?: boolean
}

/** What an as-flown timeline query asks: the fields of `Swift_AFST` a caller gives. */
export type AsFlownQuery = Pick<
  Too.AFST["api_data"],
  "begin" | "end" | "ra" | "dec" | "radius" | "targetid" | "obsnum"
>

/** What a Swift TOO API client does. */
export interface Shape {
  /**
   * Signs and sends an envelope of any api_name as it is (`username` is set
   * in its data, nothing is checked locally), and answers the server's reply
   * as it came: usually a `Swift_TOO_Status`, or the request echoed with its
   * result. `data` is JSON as the API reads it (times as "YYYY-MM-DD HH:MM:SS").
   */
  readonly send: (
    apiName: string,
    data: Readonly<Record<string, unknown>>
  ) => Effect.Effect<Too.Envelope, FetchError>
  /**
   * Checks a TOO request against every rule of `Too.Request` and sends it; a
   * request that breaks one, or any request made anonymously, fails with
   * `InvalidRequest` before anything is sent. Answers the job's first status.
   */
  readonly request: (data: RequestData, options?: RequestOptions) => Effect.Effect<Too.Status, FetchError>
  /** Asks when Swift can observe a position (`Swift_VisQuery`); answers the job's first status. */
  readonly visibility: (
    ra: number,
    dec: number,
    options?: VisibilityOptions
  ) => Effect.Effect<Too.Status, FetchError>
  /**
   * Asks what Swift observed (`Swift_AFST`, the as-flown timeline): by time
   * (`begin`, `end`), position (`ra`, `dec`, `radius` degrees), target ID or
   * observation number. Answers the job's first status.
   */
  readonly asFlown: (query: AsFlownQuery) => Effect.Effect<Too.Status, FetchError>
  /** Asks for the position of a source by name (`Swift_Resolve`); answers the job's first status. */
  readonly resolve: (name: string) => Effect.Effect<Too.Status, FetchError>
  /**
   * Where a job stands (`Swift_TOO_Status` with `jobnumber` and `fetchresult`),
   * with its result in `api_data.result` once it is done. A job that ended
   * `Rejected` is answered like any other; an unknown job number, or another
   * user's job, fails with `Refused`.
   */
  readonly status: (jobnumber: number) => Effect.Effect<Too.Status, FetchError>
}

/** A Swift TOO API client. */
export class TooClient extends Context.Service<TooClient, Shape>()("@jobscope/fetch/TooClient") {}

/** The username and shared secret of anonymous use. */
const anonymous = "anonymous"

/** The request a caller wants sent, before it is signed. */
interface Outgoing {
  readonly apiName: string
  /** The envelope's `api_data` as JSON, `username` included. */
  readonly data: Readonly<Record<string, unknown>>
  /** The job it is about, when it is about one. */
  readonly job?: string | undefined
}

/** What each request is, for people, in place of its `api_name`. */
const requestNames: Readonly<Record<string, string>> = {
  Swift_TOO_Status: "status",
  Swift_TOO_Request: "TOO request",
  Swift_VisQuery: "visibility query",
  Swift_Resolve: "name resolver",
  Swift_AFST: "as-flown timeline"
}

/**
 * A name for people of the endpoint a request of `apiName` goes to, such as
 * "Swift TOO visibility query"; an `api_name` without one is named as it is.
 */
const endpointOf = (apiName: string): string => `Swift TOO ${requestNames[apiName] ?? apiName}`

/** A time as the Swift services write it, to the second (so repeating a query within a second repeats its token). */
const wholeSecond = (millis: number): Date => new Date(Math.floor(millis / 1000) * 1000)

/** Makes a Swift TOO API client over the transport. */
export const make = (options: Options = {}): Effect.Effect<Shape, never, Transport.Transport> =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const url = `${(options.baseUrl ?? "https://www.swift.psu.edu").replace(/\/+$/, "")}/toop/submit_json.php`
    const username = options.username ?? anonymous
    const secret =
      options.secret === undefined
        ? Redacted.make(anonymous)
        : Redacted.isRedacted(options.secret)
          ? options.secret
          : Redacted.make(options.secret)
    const method = options.method ?? "POST"
    // Whatever the server echoes of the shared secret is removed, from errors and replies alike.
    const scrub = Redact.make(options.secret === undefined ? [] : [Redacted.value(secret)])
    const hide = Redact.errors(scrub)
    const hideInReply = Redact.deep(scrub)

    const where = (outgoing: Outgoing) => whereOf(endpointOf(outgoing.apiName), url, outgoing.job)

    const invalidRequest = (outgoing: Outgoing, problems: ReadonlyArray<DecodeError.Problem>) => {
      const decodeError = DecodeError.make(describe(where(outgoing)), problems)
      return new InvalidRequest({
        ...where(outgoing),
        problems,
        message: `${decodeError.message} (not sent)`
      })
    }

    /**
     * Signs the envelope: HS256, the envelope itself as the payload, no other
     * claims. HS256 is deterministic, so the same envelope always gives the
     * same token, and re-sending a request reports on the job it started.
     */
    const sign = (outgoing: Outgoing, envelope: Readonly<Record<string, unknown>>) =>
      Effect.tryPromise({
        try: () =>
          new SignJWT({ ...envelope })
            .setProtectedHeader({ alg: "HS256", typ: "JWT" })
            .sign(new TextEncoder().encode(Redacted.value(secret))),
        // jose's messages name what is wrong ("Zero-length key is not supported"), never the key.
        catch: (cause) =>
          invalidRequest(outgoing, [
            {
              path: "",
              message: `could not be signed as user ${JSON.stringify(username)}: ${cause instanceof Error ? cause.message : String(cause)}`
            }
          ])
      })

    /** The server's refusal of a request, in its own words. */
    const refused = (outgoing: Outgoing, data: Too.StatusData): Refused => {
      const errors = data.errors ?? []
      const warnings = data.warnings ?? []
      const error =
        errors.length === 0 ? "the server rejected the request without saying why" : errors.join(" ")
      return new Refused({
        ...where(outgoing),
        error,
        problems: [
          ...(errors.length > 0 ? [{ label: "Errors", list: errors }] : []),
          ...(warnings.length > 0 ? [{ label: "Warnings", list: warnings }] : [])
        ],
        message: `${describe(where(outgoing))}: refused: ${error}`
      })
    }

    /** Signs and sends a request; a reply that started no job fails with `Refused`. */
    const submit = (outgoing: Outgoing): Effect.Effect<Too.Envelope, FetchError> =>
      Effect.gen(function* () {
        const token = yield* sign(outgoing, {
          api_name: outgoing.apiName,
          api_version: Too.apiVersion,
          api_data: outgoing.data
        })
        const unsigned =
          method === "GET"
            ? HttpClientRequest.get(url).pipe(HttpClientRequest.setUrlParam("jwt", token))
            : HttpClientRequest.post(url).pipe(HttpClientRequest.bodyUrlParams({ jwt: token }))
        const request =
          options.userAgent === undefined
            ? unsigned
            : HttpClientRequest.setHeader(unsigned, "user-agent", options.userAgent)
        const reply = yield* transport.json({ ...where(outgoing), request }, Too.Envelope)
        const status = Too.statusOf(reply)
        if (status?.api_data.status === "Rejected" && typeof status.api_data.jobnumber !== "number")
          return yield* Effect.fail(refused(outgoing, status.api_data))
        return reply
      }).pipe(Effect.map(hideInReply), Effect.mapError(hide))

    /** A reply as the job's status: itself when it is a bare status, else its nested status with the reply as `result`. */
    const statusOf = (outgoing: Outgoing, reply: Too.Envelope): Effect.Effect<Too.Status, InvalidReply> => {
      if (Too.isStatus(reply)) return Effect.succeed(reply)
      const status = Too.statusOf(reply)
      if (status !== undefined)
        return Effect.succeed({ ...status, api_data: { ...status.api_data, result: reply } })
      const problems = [
        { path: "api_data.status", message: `a ${reply.api_name} reply without a Swift_TOO_Status` }
      ]
      return Effect.fail(
        new InvalidReply({
          ...where(outgoing),
          // The transport hands over only 2xx replies.
          status: 200,
          problems,
          message: DecodeError.make(describe(where(outgoing)), problems).message
        })
      )
    }

    /** Encodes a request's data with its core schema (checking its rules), then sends it and answers the job's status. */
    const sendChecked = <A, I>(
      apiName: Too.KnownApiName,
      schema: Schema.Codec<A, I>,
      data: A,
      jobnumber?: number
    ): Effect.Effect<Too.Status, FetchError> => {
      const outgoing = (json: Readonly<Record<string, unknown>>): Outgoing => ({
        apiName,
        data: json,
        job: jobnumber === undefined ? undefined : String(jobnumber)
      })
      const encoded = Schema.encodeResult(schema)(data, { errors: "all", reportInput: true })
      if (Result.isFailure(encoded)) {
        const { problems } = DecodeError.fromIssue(apiName, encoded.failure.issue)
        return Effect.fail(invalidRequest(outgoing({}), problems))
      }
      const sent = outgoing(encoded.success as Readonly<Record<string, unknown>>)
      return Effect.flatMap(submit(sent), (reply) => statusOf(sent, reply))
    }

    return {
      send: (apiName, data) =>
        submit({
          apiName,
          data: { ...data, username },
          job: typeof data.jobnumber === "number" ? String(data.jobnumber) : undefined
        }),
      request: (data, requestOptions = {}) =>
        username === anonymous
          ? Effect.fail(
              invalidRequest({ apiName: "Swift_TOO_Request", data: {} }, [
                {
                  path: "username",
                  message:
                    "anonymous users may not submit a Swift_TOO_Request: give the username and shared secret you registered at the Swift TOO site"
                }
              ])
            )
          : sendChecked("Swift_TOO_Request", Too.Request.fields.api_data, {
              ...data,
              username,
              ...(requestOptions.validateOnly === undefined
                ? {}
                : { validate_only: requestOptions.validateOnly })
            }),
      visibility: (ra, dec, visibilityOptions = {}) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          sendChecked("Swift_VisQuery", Too.VisQuery.fields.api_data, {
            username,
            ra,
            dec,
            begin: visibilityOptions.begin ?? wholeSecond(now),
            length: visibilityOptions.length ?? 1,
            ...(visibilityOptions.hires === undefined ? {} : { hires: visibilityOptions.hires })
          })
        ),
      asFlown: (query) => sendChecked("Swift_AFST", Too.AFST.fields.api_data, { ...query, username }),
      resolve: (name) => sendChecked("Swift_Resolve", Too.Resolve.fields.api_data, { username, name }),
      status: (jobnumber) =>
        sendChecked(
          "Swift_TOO_Status",
          Too.Status.fields.api_data,
          { username, jobnumber, fetchresult: true },
          jobnumber
        ).pipe(
          Effect.flatMap((status) =>
            SameJob.check(
              where({ apiName: "Swift_TOO_Status", data: {}, job: String(jobnumber) }),
              jobnumber,
              status.api_data.jobnumber ?? undefined,
              "api_data.jobnumber",
              status
            )
          )
        )
    } satisfies Shape
  })

/** A Swift TOO API client as a layer over the transport (default: anonymous, at `https://www.swift.psu.edu`). */
export const layer = (options: Options = {}): Layer.Layer<TooClient, never, Transport.Transport> =>
  Layer.effect(TooClient, make(options))
