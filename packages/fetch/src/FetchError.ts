/**
 * Everything that can go wrong asking an observatory something, as typed
 * errors that say which endpoint and which job, and what a person can do.
 * No error ever holds a secret: requests are named, never quoted.
 *
 * @example
 * ```ts
 * Effect.catchTags(client.status({ jobId: "14" }), {
 *   HttpStatusError: (error) => Console.error(error.message),
 *   // UKSSDC status of job 14 (https://www.swift.ac.uk/user_objects/checkProductStatus.php): HTTP 503 after 5 attempts: "Service Unavailable"
 * })
 * ```
 */

import * as DecodeError from "@jobscope/core/DecodeError"
import * as Schema from "effect/Schema"

/** Which request failed: the endpoint (a name for people and its URL) and, when there is one, the job. */
const whereFields = {
  /** The endpoint for people, such as "UKSSDC status". */
  endpoint: Schema.String,
  /** The URL asked, without query string. */
  url: Schema.String,
  /** The job the request was about, when it was about one. */
  job: Schema.optionalKey(Schema.String)
}

/** Which request failed: every error carries these fields. */
export interface Where {
  readonly endpoint: string
  readonly url: string
  readonly job?: string
}

/** The fields naming a request, the job left out when there is none. */
export const where = (endpoint: string, url: string, job?: string | undefined): Where =>
  job === undefined ? { endpoint, url } : { endpoint, url, job }

/** Names a request in a message: "UKSSDC status of job 14 (https://…/checkProductStatus.php)". */
export const describe = (request: {
  readonly endpoint: string
  readonly url: string
  readonly job?: string | undefined
}): string =>
  `${request.endpoint}${request.job === undefined ? "" : ` of job ${request.job}`} (${request.url})`

/** The server could not be reached (connection refused or reset, DNS, TLS) even after retrying. */
export class Unreachable extends Schema.TaggedError<Unreachable>()("Unreachable", {
  ...whereFields,
  /** What the network layer said. */
  reason: Schema.String,
  attempts: Schema.Int,
  message: Schema.String
}) {}

/** The server did not answer one request within the per-request timeout, even after retrying. */
export class RequestTimeout extends Schema.TaggedError<RequestTimeout>()("RequestTimeout", {
  ...whereFields,
  /** The per-request timeout, in milliseconds. */
  timeout: Schema.Finite,
  attempts: Schema.Int,
  message: Schema.String
}) {}

/** The server answered with an HTTP error status (an error page, a 429 or 5xx that outlasted the retries). */
export class HttpStatusError extends Schema.TaggedError<HttpStatusError>()("HttpStatusError", {
  ...whereFields,
  status: Schema.Int,
  /** The start of what the server sent, HTML tags removed. */
  excerpt: Schema.String,
  /** How long the server asked us to wait (Retry-After), in milliseconds. */
  retryAfter: Schema.optionalKey(Schema.Finite),
  attempts: Schema.Int,
  message: Schema.String
}) {}

/** The server answered, but not with a reply we understand: an HTML page, malformed JSON, the wrong shape. */
export class InvalidReply extends Schema.TaggedError<InvalidReply>()("InvalidReply", {
  ...whereFields,
  status: Schema.Int,
  /** Every problem found, each with the path in the reply where it was found. */
  problems: Schema.Array(DecodeError.Problem),
  message: Schema.String
}) {}

/**
 * The reply was larger than the transport's `maxReplyBytes` (1 MiB by
 * default): the connection was dropped at the limit, or at once when its
 * `content-length` announced more. Not retried: the same request would get
 * the same reply.
 */
export class ReplyTooLarge extends Schema.TaggedError<ReplyTooLarge>()("ReplyTooLarge", {
  ...whereFields,
  /** The limit, in bytes. */
  limit: Schema.Int,
  /** The size when reading stopped, or the `content-length` announced, in bytes: more than `limit`. */
  size: Schema.Finite,
  message: Schema.String
}) {}

/** The server understood the request and refused it: UKSSDC `OK: 0`, a TOM 404, a TOO request not accepted. */
export class Refused extends Schema.TaggedError<Refused>()("Refused", {
  ...whereFields,
  /** The server's own reason, as it gave it. */
  error: Schema.String,
  /** Lists of what to fix, when the server gave them (UKSSDC `listErr`: missing or invalid parameters). */
  problems: Schema.Array(Schema.Struct({ label: Schema.String, list: Schema.Array(Schema.String) })),
  message: Schema.String
}) {}

/** A request we would not send: it breaks the API's own rules, found before anything left this machine. */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", {
  ...whereFields,
  problems: Schema.Array(DecodeError.Problem),
  message: Schema.String
}) {}

/** A call, or a whole watch, ran past its total deadline. */
export class DeadlineExceeded extends Schema.TaggedError<DeadlineExceeded>()("DeadlineExceeded", {
  ...whereFields,
  /** The deadline, in milliseconds from the start of the call or the watch. */
  deadline: Schema.Finite,
  message: Schema.String
}) {}

/** Anything that can go wrong asking a server something. */
export type FetchError =
  | Unreachable
  | RequestTimeout
  | HttpStatusError
  | InvalidReply
  | ReplyTooLarge
  | Refused
  | InvalidRequest
  | DeadlineExceeded

/** Every error of this module, as one schema: for saving and reading back failures (e.g. in watcher state). */
export const FetchError = Schema.Union([
  Unreachable,
  RequestTimeout,
  HttpStatusError,
  InvalidReply,
  ReplyTooLarge,
  Refused,
  InvalidRequest,
  DeadlineExceeded
])
