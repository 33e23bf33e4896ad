/**
 * A client of the async-process API of a TOM Toolkit site built on
 * tom_education: the processes of a target (timelapses, pipelines) and a
 * pipeline's log so far. An unknown target or pipeline, or a token the TOM
 * does not take, is a `Refused` error carrying the server's `detail`; the token, when the TOM needs one, travels
 * only in the `Authorization` header and never appears in an error.
 *
 * @example
 * ```ts
 * import { TomClient, Transport } from "@jobscope/fetch"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const program = Effect.gen(function* () {
 *   const tom = yield* TomClient.TomClient
 *   const { processes } = yield* tom.status(7)
 *   return processes.map((process) => `${process.identifier}: ${process.status}`)
 * })
 * Effect.runPromise(
 *   program.pipe(
 *     Effect.provide(TomClient.layer({ baseUrl: "https://tom.example.org" }).pipe(Layer.provide(Transport.layerFetch())))
 *   )
 * )
 * ```
 */
import { Tom } from "@jobscope/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { HttpClientRequest } from "effect/http"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { describe, type FetchError, Refused } from "./FetchError.js"
import * as Redact from "./Redact.js"
import * as Transport from "./Transport.js"

/** Where the TOM is and how to authenticate to it. */
export interface Options {
  /** The TOM's address, such as `https://tom.example.org` (required: a TOM has no public default). */
  readonly baseUrl: string
  /** An API token, sent as `Authorization: Token <token>` (default: none, for a TOM that needs no login). */
  readonly token?: string | Redacted.Redacted<string>
  /** The `User-Agent` header of every request, such as "jobscope/0.1.0 (+https://…)" (default: none; the platform's own). */
  readonly userAgent?: string
}

/** What a TOM client does. */
export interface Shape {
  /** The TOM's address, without a final slash: the pages and groups it gives are relative to it. */
  readonly baseUrl: string
  /**
   * The processes of a target, most recent first, and the server's clock
   * (`GET /api/async/status/<target>/`). An unknown target fails with `Refused`.
   */
  readonly status: (target: string | number) => Effect.Effect<Tom.AsyncStatusResponse, FetchError>
  /**
   * A pipeline process with its log so far and its output group once created
   * (`GET /api/pipeline/logs/<pipeline>/`). An unknown pipeline fails with `Refused`.
   */
  readonly logs: (pipeline: string | number) => Effect.Effect<Tom.PipelineLogs, FetchError>
}

/** A TOM client. */
export class TomClient extends Context.Service<TomClient, Shape>()("@jobscope/fetch/TomClient") {}

/**
 * The statuses whose `{"detail"}` body is the server's reason: 404 for an
 * unknown target or pipeline, and (Django REST framework's) 401 and 403 for a
 * missing or wrong token.
 */
const refusals = [401, 403, 404]

/** A reply, or the `{"detail"}` of a refusal. */
const orNotFound = <S extends Schema.Top>(reply: S) => Schema.Union([reply, Tom.NotFound])

const statusReply = orNotFound(Tom.AsyncStatusResponse)
const logsReply = orNotFound(Tom.PipelineLogs)

/** Makes a TOM client over the transport. */
export const make = (options: Options): Effect.Effect<Shape, never, Transport.Transport> =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const baseUrl = options.baseUrl.replace(/\/+$/, "")
    const token =
      options.token === undefined || Redacted.isRedacted(options.token)
        ? options.token
        : Redacted.make(options.token)
    // Whatever the server echoes of the token is removed, from errors and replies alike.
    const scrub = Redact.make(token === undefined ? [] : [Redacted.value(token)])
    const hide = Redact.errors(scrub)
    const hideInReply = Redact.deep(scrub)

    /** GETs a path and decodes the reply, turning a refusal's `{"detail"}` into `Refused`. */
    const get = <A>(
      endpoint: string,
      job: string,
      path: string,
      schema: Schema.Decoder<A | Tom.NotFound>
    ): Effect.Effect<A, FetchError> => {
      const url = `${baseUrl}${path}`
      const request = HttpClientRequest.get(url).pipe(
        HttpClientRequest.acceptJson,
        token === undefined
          ? (request) => request
          : HttpClientRequest.setHeader("authorization", `Token ${Redacted.value(token)}`),
        options.userAgent === undefined
          ? (request) => request
          : HttpClientRequest.setHeader("user-agent", options.userAgent)
      )
      return Effect.flatMap(
        transport.json({ endpoint, job, request, accept: refusals }, schema),
        (reply): Effect.Effect<A, Refused> =>
          isNotFound(reply)
            ? Effect.fail(
                new Refused({
                  endpoint,
                  url,
                  job,
                  error: reply.detail,
                  problems: [],
                  message: `${describe({ endpoint, url, job })}: ${reply.detail}`
                })
              )
            : Effect.succeed(hideInReply(reply))
      ).pipe(Effect.mapError(hide))
    }

    return {
      baseUrl,
      status: (target) =>
        get(
          "TOM async status",
          `target/${target}`,
          `/api/async/status/${encodeURIComponent(String(target))}/`,
          statusReply
        ),
      logs: (pipeline) =>
        get(
          "TOM pipeline logs",
          `pipeline/${pipeline}`,
          `/api/pipeline/logs/${encodeURIComponent(String(pipeline))}/`,
          logsReply
        )
    } satisfies Shape
  })

// Neither reply of the API has a `detail` key; a refusal's body has nothing else.
const isNotFound = (reply: unknown): reply is Tom.NotFound =>
  typeof reply === "object" && reply !== null && "detail" in reply

/** A TOM client as a layer over the transport. */
export const layer = (options: Options): Layer.Layer<TomClient, never, Transport.Transport> =>
  Layer.effect(TomClient, make(options))
