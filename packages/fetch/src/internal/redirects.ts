/**
 * Redirects, followed by the transport itself and only within the origin
 * asked: a server must not send our request (its body may carry a user ID
 * or a token) to another host, nor pass another host's reply off as its own.
 * `fetch` is told not to follow (`redirect: "manual"`), so both transports
 * behave alike; 307 and 308 repeat the method and body, 301, 302 and 303
 * turn a POST into a body-less GET, as browsers do.
 */
import * as Effect from "effect/Effect"
import {
  HttpBody,
  type HttpClient,
  type HttpClientError,
  HttpClientRequest,
  type HttpClientResponse
} from "effect/http"
import * as Stream from "effect/Stream"

/** How many redirects one request may take before its last one is answered as it is. */
export const maxRedirects = 5

/** A redirect that would leave the origin asked, or go nowhere: not followed. */
export interface Refused {
  readonly _tag: "RedirectRefused"
  readonly status: number
  /** Where the server wanted to send us, without query string or credentials. */
  readonly location: string
}

const isRedirect = (status: number): boolean =>
  status === 301 || status === 302 || status === 303 || status === 307 || status === 308

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

/** A URL for a message: no credentials, query string or fragment. */
const shown = (url: URL): string => `${url.origin}${url.pathname}`

/**
 * Executes `request`, following same-origin redirects (at most
 * {@link maxRedirects}); a redirect elsewhere fails with {@link Refused}.
 */
export const execute = (
  client: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError | Refused> =>
  Effect.gen(function* () {
    let current = request
    for (let hop = 0; ; hop++) {
      const response = yield* client.execute(current)
      const location = response.headers.location
      if (!isRedirect(response.status) || location === undefined || hop >= maxRedirects) return response
      let target: URL
      try {
        target = new URL(location, current.url)
      } catch {
        return yield* Effect.fail<Refused>({ _tag: "RedirectRefused", status: response.status, location })
      }
      // The body of a redirect is never read: cancel it at its first chunk, so the connection is let go.
      yield* Effect.ignore(Stream.runForEachWhile(response.stream, () => Effect.succeed(false)))
      if (target.origin !== originOf(request.url))
        return yield* Effect.fail<Refused>({
          _tag: "RedirectRefused",
          status: response.status,
          location: shown(target)
        })
      const keepsBody = response.status === 307 || response.status === 308
      current = HttpClientRequest.setUrl(current, target.toString())
      if (!keepsBody && current.method !== "GET" && current.method !== "HEAD")
        current = HttpClientRequest.setBody(HttpClientRequest.setMethod(current, "GET"), HttpBody.empty)
    }
  })
