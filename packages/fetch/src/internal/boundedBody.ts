/**
 * Reading a reply's body with a limit on its size: a poll reply is a few kB,
 * and a server that sends an endless or enormous body must cost a bounded
 * amount of memory, not all of it. The connection is given up (its stream
 * cancelled) as soon as the limit is passed or a `content-length` over it is
 * announced, so nothing more is read.
 */
import * as Effect from "effect/Effect"
import type { HttpClientResponse } from "effect/http"
import * as Stream from "effect/Stream"

/** A body read whole, or how far it went before the limit stopped it. */
export type Read =
  | { readonly _tag: "Whole"; readonly text: string }
  | {
      readonly _tag: "TooLarge"
      /** The bytes read (or announced by `content-length`) when it stopped: more than the limit. */
      readonly size: number
      /** Whether `size` is the announced `content-length` rather than bytes read. */
      readonly announced: boolean
      /** The start of the body, up to the limit, decoded: for an error page's excerpt. */
      readonly text: string
    }

/** Statuses that have no body whatever the server sends with them. */
const bodiless = (status: number): boolean => status === 204 || status === 205 || status === 304

/** The `content-length` a response announces, when it is a number. */
const announcedLength = (response: HttpClientResponse.HttpClientResponse): number | undefined => {
  const header = response.headers["content-length"]
  if (header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined
  return Number(header)
}

/**
 * Reads a body of at most `limit` bytes as UTF-8 text. Past the limit the
 * stream is cancelled (so the connection is dropped) and `TooLarge` is
 * answered with what was read up to the limit.
 */
export const read = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<Read, unknown> => {
  if (bodiless(response.status)) return Effect.succeed({ _tag: "Whole", text: "" })
  const announced = announcedLength(response)
  if (announced !== undefined && announced > limit)
    // Stop at the first chunk: ending the stream cancels the body, which drops the connection.
    return Effect.as(Effect.ignore(Stream.runForEachWhile(response.stream, () => Effect.succeed(false))), {
      _tag: "TooLarge",
      size: announced,
      announced: true,
      text: ""
    })
  return Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    let over = false
    return Stream.runForEachWhile(response.stream, (chunk) =>
      Effect.sync(() => {
        const room = limit - size
        size += chunk.length
        if (chunk.length > room) {
          over = true
          if (room > 0) chunks.push(chunk.subarray(0, room))
          return false
        }
        chunks.push(chunk)
        return true
      })
    ).pipe(
      Effect.catchIf(isEmptyBody, () => Effect.void),
      Effect.map((): Read => {
        const text = decode(chunks)
        return over ? { _tag: "TooLarge", size, announced: false, text } : { _tag: "Whole", text }
      })
    )
  })
}

/** A body that is not there at all (`fetch` gives none for some statuses): read as empty. */
const isEmptyBody = (error: unknown): boolean =>
  typeof error === "object" &&
  error !== null &&
  "reason" in error &&
  typeof error.reason === "object" &&
  error.reason !== null &&
  "_tag" in error.reason &&
  error.reason._tag === "EmptyBodyError"

const decode = (chunks: ReadonlyArray<Uint8Array>): string => {
  const decoder = new TextDecoder()
  let text = ""
  for (const chunk of chunks) text += decoder.decode(chunk, { stream: true })
  return text + decoder.decode()
}
