/**
 * How every client talks HTTP: a timeout per request, retries of network
 * errors, timeouts, 5xx and 429 with capped, jittered exponential back-off
 * that honours Retry-After, a total deadline per call, a limit on concurrent
 * requests per host, and replies read as JSON whatever their Content-Type.
 * Every failure is a {@link FetchError} naming the endpoint and the job.
 *
 * @example
 * ```ts
 * import { Transport, UkssdcClient } from "@jobscope/fetch"
 * import * as Layer from "effect/Layer"
 *
 * const live = UkssdcClient.layer({ userId: "me@example.org" }).pipe(
 *   Layer.provide(Transport.layerFetch({ timeout: "20 seconds", perHost: 4 }))
 * )
 * ```
 */
import { DecodeError } from "@jobscope/core"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import {
  FetchHttpClient,
  HttpClient,
  HttpClientError,
  type HttpClientRequest,
  type HttpClientResponse
} from "effect/http"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import * as Semaphore from "effect/Semaphore"
import * as Stream from "effect/Stream"
import {
  DeadlineExceeded,
  describe,
  HttpStatusError,
  InvalidReply,
  ReplyTooLarge,
  RequestTimeout,
  Unreachable,
  type Where,
  where as whereOf
} from "./FetchError.js"
import * as BoundedBody from "./internal/boundedBody.js"
import * as Redirects from "./internal/redirects.js"

/** How requests are made. Every option has a default. */
export interface Options {
  /** How long one request may take, reply body included (default: 30 seconds). */
  readonly timeout?: Duration.Input
  /** How many times a failed request is tried again (default: 4). */
  readonly retries?: number
  /** The wait before the first retry; it doubles each time, with jitter (default: 1 second). */
  readonly retryDelay?: Duration.Input
  /** The longest wait between retries, unless the server's Retry-After asks for longer (default: 30 seconds). */
  readonly retryCap?: Duration.Input
  /** How long one call may take, all retries included (default: 2 minutes). */
  readonly deadline?: Duration.Input
  /** How many requests may be open at once to one host (default: 6). */
  readonly perHost?: number
  /**
   * The largest reply body read, in bytes (default: 1 MiB, some hundred times
   * the largest poll reply). A larger reply fails with `ReplyTooLarge`, the
   * connection dropped at the limit. Downloads (`open`) are not bounded here.
   */
  readonly maxReplyBytes?: number
  /**
   * Called before each retry, with what failed and when the next attempt is
   * (default: nothing), so that a person waiting sees the retries as they
   * happen rather than silence until the last one fails.
   */
  readonly onRetry?: (retry: Retry) => void
  /**
   * Whether each request gets an Effect tracing span (default: false: a
   * watcher makes thousands of requests, and a span for each costs more than
   * it tells). Trace headers are never sent to the observatories either way.
   */
  readonly tracing?: boolean
}

/** A failed attempt that is about to be tried again (see `Options.onRetry`). */
export interface Retry {
  /** What failed; its `message` names the endpoint and says why. */
  readonly error: Unreachable | RequestTimeout | HttpStatusError
  /** The attempt that failed, from 1. */
  readonly attempt: number
  /** How many attempts there will be at most. */
  readonly attempts: number
  /** How long until the next attempt, in milliseconds. */
  readonly waitMillis: number
}

/** A request to send, and what to call it in errors. */
export interface Call {
  /** The endpoint for people, such as "UKSSDC status". */
  readonly endpoint: string
  /** The job the request is about, if any. */
  readonly job?: string | undefined
  readonly request: HttpClientRequest.HttpClientRequest
  /** HTTP statuses other than 2xx whose body is still a reply to decode, such as TOM's 404 `{"detail"}` (default: none). */
  readonly accept?: ReadonlyArray<number>
  /**
   * How long this request may take, when it must differ from the transport's
   * `timeout`: a request the server holds open on purpose (a UWS blocking
   * `WAIT`) needs longer. The call's deadline is then at least this long too.
   */
  readonly timeout?: Duration.Input
  /**
   * The server holds this request open until something changes (a UWS
   * blocking `WAIT`), so it does not take one of the host's `perHost`
   * places: a dozen jobs waiting on one service must not keep every other
   * request to it waiting (default: false).
   */
  readonly heldOpen?: boolean
}

/** A reply as it came: its status, headers and whole body as text. */
export interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly text: string
}

/** What sending can fail with, before any decoding. */
export type SendError = Unreachable | RequestTimeout | HttpStatusError | ReplyTooLarge | DeadlineExceeded

/** The transport every client uses. */
export interface Shape {
  /** Sends a request, retrying what is worth retrying, and reads the whole reply as text. */
  readonly send: (call: Call) => Effect.Effect<Reply, SendError>
  /** Sends a request and decodes its body as JSON with `schema`, whatever its Content-Type. */
  readonly json: <S extends Schema.Decoder<unknown>>(
    call: Call,
    schema: S
  ) => Effect.Effect<S["Type"], SendError | InvalidReply>
  /**
   * Sends a request and decodes its body with a decoder of the core's kind
   * (`DecodeError.decodeBody` for XML or another format): a body that does
   * not decode fails with `InvalidReply`, named after the call.
   */
  readonly decode: <A>(
    call: Call,
    decoder: (text: string) => Result.Result<A, DecodeError.DecodeError>
  ) => Effect.Effect<A, SendError | InvalidReply>
  /**
   * Sends a request and hands over the response with its body unread, for
   * streaming a download; only the connection and status are retried.
   */
  readonly open: (call: Call) => Effect.Effect<HttpClientResponse.HttpClientResponse, SendError>
}

/** The transport every client uses. */
export class Transport extends Context.Service<Transport, Shape>()("@jobscope/fetch/Transport") {}

/** Statuses worth asking again: the server is busy, overloaded or briefly down (not 600 or 999: no HTTP status). */
const isTransient = (status: number): boolean =>
  status === 408 || status === 429 || (status >= 500 && status <= 599)

/** The default largest reply body, in bytes: 1 MiB. */
export const defaultMaxReplyBytes = 1024 * 1024

/** The longest Retry-After obeyed, in milliseconds (1 hour): a longer one is read as this. */
export const maxRetryAfter = 60 * 60 * 1000

/** The largest error page read for its excerpt, in bytes. */
const errorPageBytes = 64 * 1024

/**
 * A Retry-After header in milliseconds, at most {@link maxRetryAfter}:
 * delay-seconds or an HTTP date; `undefined` when absent or unreadable.
 */
export const retryAfter = (header: string | undefined, now: number): number | undefined => {
  const millis = retryAfterUncapped(header, now)
  return millis === undefined ? undefined : Math.min(millis, maxRetryAfter)
}

const retryAfterUncapped = (header: string | undefined, now: number): number | undefined => {
  if (header === undefined) return undefined
  const trimmed = header.trim()
  // "1" and 400 zeros is valid delay-seconds, and Infinity as a number: the cap above makes it an hour.
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // `Date.parse` alone reads "-5" or "1.5" as dates in 2001: only the HTTP date forms count.
  const date = zonedHttpDate.test(trimmed)
    ? Date.parse(trimmed)
    : asctimeDate.test(trimmed)
      ? Date.parse(`${trimmed} GMT`)
      : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** An IMF-fixdate or RFC 850 date (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT". */
const zonedHttpDate = /^[A-Za-z]{3,9}, .*\d{2}:\d{2}:\d{2} GMT$/

/** An asctime date, GMT without saying so: "Sun Nov  6 08:49:37 1994". */
const asctimeDate = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/

const millis = (input: Duration.Input | undefined, fallback: Duration.Input): number =>
  Duration.toMillis(Duration.fromInputUnsafe(input ?? fallback))

const positiveCount = (value: number | undefined, fallback: number, name: string): number => {
  const count = value ?? fallback
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`${name} must be a whole number ≥ 0, not ${count}`)
  return count
}

/** One failed attempt: the error to report if it is the last, and whether and when to try again. */
interface Failure {
  readonly error: Unreachable | RequestTimeout | HttpStatusError | ReplyTooLarge
  readonly retry: boolean
  readonly retryAfter?: number | undefined
}

/** Makes the transport over an `HttpClient`. */
export const make = (options: Options = {}): Effect.Effect<Shape, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const timeout = millis(options.timeout, "30 seconds")
    const retries = positiveCount(options.retries, 4, "retries")
    const retryDelay = millis(options.retryDelay, "1 second")
    const retryCap = millis(options.retryCap, "30 seconds")
    const deadline = millis(options.deadline, "2 minutes")
    const perHost = positiveCount(options.perHost, 6, "perHost")
    if (perHost < 1) throw new RangeError("perHost must be at least 1")
    const maxReplyBytes = positiveCount(options.maxReplyBytes, defaultMaxReplyBytes, "maxReplyBytes")
    const untraced = options.tracing !== true
    const timeoutOf = (call: Call): number =>
      call.timeout === undefined ? timeout : millis(call.timeout, "30 seconds")
    /** A call that may take longer than the transport's timeout may take as long within its deadline. */
    const deadlineOf = (call: Call): number =>
      call.timeout === undefined ? deadline : Math.max(deadline, timeoutOf(call))

    const hosts = new Map<string, Semaphore.Semaphore>()
    const permitFor = (url: string): Semaphore.Semaphore => {
      const host = hostOf(url)
      let semaphore = hosts.get(host)
      if (semaphore === undefined) {
        semaphore = Semaphore.makeUnsafe(perHost)
        hosts.set(host, semaphore)
      }
      return semaphore
    }

    /** Runs a request within the host's `perHost` limit, unless the server holds it open on purpose. */
    const withPermit = <A, E, R>(
      call: Call,
      url: string,
      request: Effect.Effect<A, E, R>
    ): Effect.Effect<A, E, R> => (call.heldOpen === true ? request : permitFor(url).withPermits(1)(request))

    /** One attempt: the response, its body read (or not, for `open`), within the timeout. */
    const attempt = <A>(
      call: Call,
      url: string,
      attemptNumber: number,
      read: (response: HttpClientResponse.HttpClientResponse) => Effect.Effect<A, unknown>
    ): Effect.Effect<A, Failure> =>
      withPermit(
        call,
        url,
        Redirects.execute(client, call.request).pipe(
          // `fetch` must not follow redirects itself: `Redirects` follows them within the origin only.
          Effect.provideService(FetchHttpClient.RequestInit, { redirect: "manual" }),
          // No trace headers to the observatories: they have no use for them, and in a
          // browser a custom header costs every poll a CORS preflight request. Spans
          // only when asked for.
          Effect.provideService(HttpClient.TracerPropagationEnabled, false),
          Effect.provideService(HttpClient.TracerDisabledWhen, () => untraced),
          Effect.flatMap(read),
          Effect.timeoutOrElse({
            duration: timeoutOf(call),
            orElse: () =>
              Effect.fail<Failure>({
                error: new RequestTimeout({
                  ...where(call, url),
                  timeout: timeoutOf(call),
                  attempts: attemptNumber,
                  message: `${describe({ ...call, url })}: no reply within ${Duration.format(Duration.millis(timeoutOf(call)))}${tries(attemptNumber)}`
                }),
                retry: true
              })
          }),
          Effect.mapError(
            (error): Failure =>
              isFailure(error)
                ? error
                : isRedirectRefused(error)
                  ? redirectRefused(call, url, attemptNumber, error)
                  : unreachable(call, url, attemptNumber, error)
          )
        )
      )

    /** Runs attempts until one succeeds, the retries run out, or the deadline would pass. */
    const withRetries = <A>(
      call: Call,
      read: (
        response: HttpClientResponse.HttpClientResponse,
        attemptNumber: number
      ) => Effect.Effect<A, unknown>
    ): Effect.Effect<A, SendError> => {
      const url = urlOf(call.request)
      const deadline = deadlineOf(call)
      return Effect.gen(function* () {
        const startedAt = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
        for (let attemptNumber = 1; ; attemptNumber++) {
          const result = yield* Effect.result(
            attempt(call, url, attemptNumber, (r) => read(r, attemptNumber))
          )
          if (Result.isSuccess(result)) return result.success
          const failure = result.failure
          if (!failure.retry || attemptNumber > retries) return yield* Effect.fail(failure.error)
          const backoff = Math.min(retryCap, retryDelay * 2 ** (attemptNumber - 1))
          const jittered = backoff / 2 + (yield* Random.next) * (backoff / 2)
          const wait = Math.max(jittered, failure.retryAfter ?? 0)
          const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
          // Waiting past the deadline only to fail then helps nobody: report the failure now.
          if (now + wait > startedAt + deadline) return yield* Effect.fail(failure.error)
          if (options.onRetry !== undefined && failure.error._tag !== "ReplyTooLarge")
            options.onRetry({
              error: failure.error,
              attempt: attemptNumber,
              attempts: retries + 1,
              waitMillis: wait
            })
          yield* Effect.sleep(Duration.millis(wait))
        }
      }).pipe(
        Effect.timeoutOrElse({
          duration: deadline,
          orElse: () =>
            Effect.fail(
              new DeadlineExceeded({
                ...where(call, url),
                deadline,
                message: `${describe({ ...call, url })}: no answer within the deadline of ${Duration.format(Duration.millis(deadline))}`
              })
            )
        })
      )
    }

    /** A response whose status is neither 2xx nor accepted, as a failure (retried when transient), its page read. */
    const rejected = (
      call: Call,
      url: string,
      response: HttpClientResponse.HttpClientResponse,
      attemptNumber: number
    ): Effect.Effect<never, unknown> =>
      Effect.flatMap(BoundedBody.read(response, Math.min(maxReplyBytes, errorPageBytes)), ({ text }) =>
        Effect.flatMap(
          Effect.clockWith((clock) => clock.currentTimeMillis),
          (now) =>
            Effect.fail(
              statusFailure(
                call,
                url,
                { status: response.status, headers: response.headers, text },
                attemptNumber,
                now
              )
            )
        )
      )

    /** Reads a whole reply. */
    const readReply =
      (call: Call, url: string) =>
      (
        response: HttpClientResponse.HttpClientResponse,
        attemptNumber: number
      ): Effect.Effect<Reply, unknown> =>
        isOk(call, response.status)
          ? Effect.flatMap(BoundedBody.read(response, maxReplyBytes), (body) =>
              body._tag === "Whole"
                ? Effect.succeed<Reply>({
                    status: response.status,
                    headers: response.headers,
                    text: body.text
                  })
                : Effect.fail(tooLarge(call, url, maxReplyBytes, body))
            )
          : rejected(call, url, response, attemptNumber)

    const send = (call: Call): Effect.Effect<Reply, SendError> =>
      withRetries(call, readReply(call, urlOf(call.request)))

    const decode = <A>(
      call: Call,
      decoder: (text: string) => Result.Result<A, DecodeError.DecodeError>
    ): Effect.Effect<A, SendError | InvalidReply> =>
      Effect.flatMap(send(call), (reply) => {
        const decoded = decoder(reply.text)
        if (Result.isSuccess(decoded)) return Effect.succeed(decoded.success)
        const url = urlOf(call.request)
        const { problems, message } = DecodeError.make(describe({ ...call, url }), decoded.failure.problems)
        return Effect.fail(
          new InvalidReply({
            ...where(call, url),
            status: reply.status,
            problems,
            message: `${message}${reply.status === 200 ? "" : ` (HTTP ${reply.status})`}`
          })
        )
      })

    return {
      send,
      json: (call, schema) => decode(call, decoderOf(schema)),
      decode,
      open: (call) => {
        const url = urlOf(call.request)
        return withRetries(call, (response, attemptNumber) =>
          isOk(call, response.status)
            ? Effect.succeed(response)
            : rejected(call, url, response, attemptNumber)
        )
      }
    } satisfies Shape
  })

/** One decoder per schema, made on first use: a poll should not build its decoder again. */
const decoders = new WeakMap<object, (text: string) => Result.Result<unknown, DecodeError.DecodeError>>()

const decoderOf = <S extends Schema.Decoder<unknown>>(
  schema: S
): ((text: string) => Result.Result<S["Type"], DecodeError.DecodeError>) => {
  let decode = decoders.get(schema)
  if (decode === undefined) {
    // The subject is named per call, when a reply fails: see `json`.
    decode = DecodeError.decodeJson(schema, "reply")
    decoders.set(schema, decode)
  }
  return decode
}

const isOk = (call: Call, status: number): boolean =>
  (status >= 200 && status < 300) || (call.accept?.includes(status) ?? false)

const where = (call: Call, url: string): Where => whereOf(call.endpoint, url, call.job)

const tries = (attempts: number): string => (attempts > 1 ? ` after ${attempts} attempts` : "")

const statusFailure = (call: Call, url: string, reply: Reply, attempts: number, now: number): Failure => {
  const after = retryAfter(reply.headers["retry-after"], now)
  const excerpt = DecodeError.bodyExcerpt(reply.text)
  return {
    error: new HttpStatusError({
      ...where(call, url),
      status: reply.status,
      excerpt,
      ...(after === undefined ? {} : { retryAfter: after }),
      attempts,
      message: `${describe({ ...call, url })}: HTTP ${reply.status}${tries(attempts)}${excerpt === "" ? "" : `: ${JSON.stringify(excerpt)}`}`
    }),
    retry: isTransient(reply.status),
    retryAfter: after
  }
}

const tooLarge = (
  call: Call,
  url: string,
  limit: number,
  body: { readonly size: number; readonly announced: boolean }
): Failure => ({
  error: new ReplyTooLarge({
    ...where(call, url),
    limit,
    size: body.size,
    message: `${describe({ ...call, url })}: the reply is larger than the limit of ${bytes(limit)} (${
      body.announced ? `it announced ${bytes(body.size)}` : `dropped after ${bytes(body.size)}`
    }); a larger limit is the transport's maxReplyBytes option`
  }),
  retry: false
})

/** A byte count for people: "1 MiB", "700 MB" is "667.6 MiB". */
const bytes = (count: number): string =>
  count < 1024
    ? `${count} bytes`
    : count < 1024 * 1024
      ? `${Number((count / 1024).toFixed(1))} KiB`
      : `${Number((count / 1024 / 1024).toFixed(1))} MiB`

const isRedirectRefused = (error: unknown): error is Redirects.Refused =>
  typeof error === "object" && error !== null && "_tag" in error && error._tag === "RedirectRefused"

/** A redirect to another origin, as the status that asked for it: never followed, never retried. */
const redirectRefused = (call: Call, url: string, attempts: number, refused: Redirects.Refused): Failure => ({
  error: new HttpStatusError({
    ...where(call, url),
    status: refused.status,
    excerpt: "",
    attempts,
    message: `${describe({ ...call, url })}: HTTP ${refused.status}: redirected to ${JSON.stringify(
      DecodeError.excerpt(refused.location)
    )}, another origin, which is never followed`
  }),
  retry: false
})

const unreachable = (call: Call, url: string, attempts: number, cause: unknown): Failure => {
  const reason = reasonOf(cause)
  return {
    error: new Unreachable({
      ...where(call, url),
      reason,
      attempts,
      message: `${describe({ ...call, url })}: could not reach the server${tries(attempts)}: ${reason}`
    }),
    retry: !cannotBeMade(cause)
  }
}

const isFailure = (error: unknown): error is Failure =>
  typeof error === "object" && error !== null && "retry" in error && "error" in error

/** A request that cannot be made (its URL does not parse, its body does not encode) fails alike every time. */
const cannotBeMade = (cause: unknown): boolean =>
  HttpClientError.isHttpClientError(cause) &&
  (cause.reason._tag === "InvalidUrlError" || cause.reason._tag === "EncodeError")

/**
 * What the network layer said, as "fetch failed (connect ECONNREFUSED …)":
 * the error and its cause, never the request itself (its body may carry a
 * user ID), and any URL in it without credentials or query string.
 */
const reasonOf = (cause: unknown): string => {
  const said = HttpClientError.isHttpClientError(cause)
    ? (cause.reason.cause ?? cause.reason.description)
    : cause
  const [first, ...causes] = messagesOf(said)
  const text =
    first === undefined ? "no reason given" : causes.length === 0 ? first : `${first} (${causes.join(": ")})`
  return DecodeError.excerpt(text.replace(/\b[a-z][a-z\d+.-]*:\/\/[^\s"'<>()]+/gi, withoutSecrets))
}

/** The non-empty messages of an error and of its causes, outermost first (at most three deep). */
const messagesOf = (error: unknown): Array<string> => {
  const messages: Array<string> = []
  let current: unknown = error
  for (let depth = 0; depth < 3 && current !== undefined; depth++) {
    const message = current instanceof Error ? current.message : typeof current === "string" ? current : ""
    if (message !== "") messages.push(message)
    current = current instanceof Error ? current.cause : undefined
  }
  return messages
}

/** A URL without what may be secret in it: credentials, query string and fragment. */
const withoutSecrets = (url: string): string => url.replace(/\/\/[^/?#@]*@/, "//").replace(/[?#].*$/, "")

/** The request's URL without credentials, query string or fragment, any of which may carry a token. */
const urlOf = (request: HttpClientRequest.HttpClientRequest): string => withoutSecrets(request.url)

const hostOf = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/**
 * The body of a response `open` handed over, as a stream of bytes: a
 * connection that breaks off fails it with `Unreachable`, and one that sends
 * nothing for `idleTimeout` with `RequestTimeout`, each naming the download.
 */
export const bodyBytes = (
  response: HttpClientResponse.HttpClientResponse,
  where: Where,
  idleTimeout: Duration.Input
): Stream.Stream<Uint8Array, Unreachable | RequestTimeout> => {
  const idle = Duration.fromInputUnsafe(idleTimeout)
  return response.stream.pipe(
    Stream.mapError((error) => {
      const reason = DecodeError.excerpt(
        error.reason.cause instanceof Error ? error.reason.cause.message : error.message
      )
      return new Unreachable({
        ...where,
        reason,
        attempts: 1,
        message: `${describe(where)}: the download broke off: ${reason}`
      })
    }),
    Stream.timeoutOrElse({
      duration: idle,
      orElse: () =>
        Stream.fail(
          new RequestTimeout({
            ...where,
            timeout: Duration.toMillis(idle),
            attempts: 1,
            message: `${describe(where)}: the download stalled, nothing arrived for ${Duration.format(idle)}`
          })
        )
    })
  )
}

/** The transport as a layer over an `HttpClient` the application provides. */
export const layer = (options: Options = {}): Layer.Layer<Transport, never, HttpClient.HttpClient> =>
  Layer.effect(Transport, make(options))

/**
 * The transport over the platform's `fetch` (browsers, Node ≥ 20), or the
 * `fetch` given, such as a test's or a proxy's.
 */
export const layerFetch = (
  options: Options & { readonly fetch?: typeof globalThis.fetch } = {}
): Layer.Layer<Transport> => {
  const http =
    options.fetch === undefined
      ? FetchHttpClient.layer
      : FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, options.fetch)))
  return layer(options).pipe(Layer.provide(http))
}
