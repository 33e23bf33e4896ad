/**
 * An `HttpClient` on Node's own `http`/`https` modules with keep-alive, and
 * the transport over it: for Node processes that poll many jobs. Node's
 * `fetch` (undici) keeps every response alive until a full garbage collection,
 * so at hundreds of polls a second the heap balloons between collections;
 * this client's responses die young. Same retries, timeouts, limits and
 * errors as `Transport.layerFetch`. Node only: import it from `@jobscope/fetch/node`.
 *
 * @example
 * ```ts
 * import { UkssdcClient } from "@jobscope/fetch"
 * import { NodeHttp } from "@jobscope/fetch/node"
 * import * as Layer from "effect/Layer"
 *
 * const live = UkssdcClient.layer({ userId: "me@example.org" }).pipe(Layer.provide(NodeHttp.layer()))
 * ```
 */
import * as http from "node:http"
import * as https from "node:https"
import { Readable } from "node:stream"
import * as Effect from "effect/Effect"
import { HttpClient, HttpClientError, type HttpClientRequest, HttpClientResponse } from "effect/http"
import * as Layer from "effect/Layer"
import * as Transport from "../Transport.js"

const agents = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true })
}

/** The bytes of a request body, or why it cannot be sent (a form or a stream: no client of ours sends one). */
const bodyOf = (request: HttpClientRequest.HttpClientRequest): Uint8Array | string | undefined | Error => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return undefined
    case "Uint8Array":
      return body.body
    case "Raw":
      return typeof body.body === "string" || body.body instanceof Uint8Array
        ? body.body
        : new Error("a raw body that is neither text nor bytes")
    case "FormData":
    case "Stream":
      return new Error(`a ${body._tag} body, which this client does not send`)
  }
}

const headersOf = (incoming: http.IncomingHttpHeaders): Headers => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
  }
  return headers
}

/** Statuses whose response has no body, whatever the server sends after them. */
const bodiless = (status: number): boolean =>
  status === 101 || status === 103 || status === 204 || status === 205 || status === 304

/**
 * A web `Response` of an incoming reply, whatever its status. `Response`
 * accepts only 200–599, so any other (101, 600, 999) is made with 599 and
 * then given its real status, as `fetch` does: the transport then reports it
 * as an `HttpStatusError` of the status sent.
 */
const responseOf = (incoming: http.IncomingMessage): Response => {
  const status = incoming.statusCode ?? 0
  const stream = bodiless(status) ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>)
  if (stream === null) incoming.resume()
  const headers = headersOf(incoming.headers)
  if (status >= 200 && status <= 599) return new Response(stream, { status, headers })
  const response = new Response(stream, { status: 599, headers })
  Object.defineProperty(response, "status", { value: status })
  return response
}

/** An `HttpClient` on `node:http` and `node:https`, with keep-alive connections. */
export const client: HttpClient.HttpClient = HttpClient.make((request, url, signal) =>
  Effect.callback<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>((resume) => {
    const body = bodyOf(request)
    if (body instanceof Error) {
      resume(
        Effect.fail(
          new HttpClientError.HttpClientError({
            reason: new HttpClientError.EncodeError({ request, cause: body })
          })
        )
      )
      return
    }
    const headers: Record<string, string> = { ...request.headers }
    if (body !== undefined) {
      const contentType =
        request.body._tag === "Uint8Array" || request.body._tag === "Raw"
          ? request.body.contentType
          : undefined
      if (contentType !== undefined) headers["content-type"] ??= contentType
      headers["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.length)
    }
    const secure = url.protocol === "https:"
    const outgoing = (secure ? https : http).request(
      url,
      { method: request.method, headers, agent: secure ? agents.https : agents.http, signal },
      (incoming) => {
        // Nothing here may throw: this callback runs outside any fiber, and a throw would
        // be uncaught and end the process (a status of 999 once made `new Response` throw).
        try {
          resume(Effect.succeed(HttpClientResponse.fromWeb(request, responseOf(incoming))))
        } catch (cause) {
          incoming.destroy()
          resume(
            Effect.fail(
              new HttpClientError.HttpClientError({
                reason: new HttpClientError.TransportError({ request, cause })
              })
            )
          )
        }
      }
    )
    outgoing.on("error", (cause) =>
      resume(
        Effect.fail(
          new HttpClientError.HttpClientError({
            reason: new HttpClientError.TransportError({ request, cause })
          })
        )
      )
    )
    outgoing.end(body)
  })
)

/** The transport over {@link client}: `Transport.layerFetch`'s Node twin. */
export const layer = (options: Transport.Options = {}): Layer.Layer<Transport.Transport> =>
  Transport.layer(options).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, client)))
