/**
 * Saving a UKSSDC product archive to a file as it downloads, without holding
 * it in memory. Node only: import it from `@jobscope/fetch/node`.
 *
 * The archive is written to a temporary file beside `path` and renamed into
 * place once complete: a failed or interrupted download leaves nothing
 * behind, and an earlier file at `path` stays as it was until then.
 *
 * @example
 * ```ts
 * import { Transport, UkssdcClient } from "@jobscope/fetch"
 * import { downloadToFile } from "@jobscope/fetch/node"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const live = UkssdcClient.layer({ userId: "me@example.org" }).pipe(Layer.provide(Transport.layerFetch()))
 * // job.URL: the job's page, as the submit reply gave it
 * const saved = await Effect.runPromise(downloadToFile(job.URL, "lc", "./lc.tar.gz").pipe(Effect.provide(live)))
 * console.log(saved.bytes) // the size of lc.tar.gz, as written
 * ```
 */
import { randomUUID } from "node:crypto"
import { createWriteStream } from "node:fs"
import { rename, rm } from "node:fs/promises"
import { Readable, Transform } from "node:stream"
import { pipeline } from "node:stream/promises"
import type * as ReadableStreamWeb from "node:stream/web"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as FetchError from "../FetchError.js"
import * as UkssdcClient from "../UkssdcClient.js"

/** A file could not be written or moved into place: the directory is missing, the disk is full, access is denied. */
export class FileError extends Schema.TaggedError<FileError>()("FileError", {
  /** The file asked for. */
  path: Schema.String,
  /** The system's error code, such as `ENOENT` or `ENOSPC`, when it gave one. */
  code: Schema.optionalKey(Schema.String),
  message: Schema.String
}) {}

/** How to download. */
export interface DownloadOptions {
  /** The archive format (default: "tar.gz"). */
  readonly format?: UkssdcClient.ArchiveFormat
  /**
   * The largest archive saved, in bytes (default: {@link defaultMaxBytes}, 1 GiB). A larger one
   * fails with `ReplyTooLarge` as soon as it passes the limit, and nothing is left behind.
   */
  readonly maxBytes?: number
}

/** The default largest archive saved: 1 GiB. */
export const defaultMaxBytes = 1024 * 1024 * 1024

/** What starts every gzip file (RFC 1952): a "tar.gz" that does not start so is not one. */
const gzipMagic = [0x1f, 0x8b] as const

/** A saved archive: where, and how many bytes. */
export interface Saved {
  readonly path: string
  readonly bytes: number
}

const isFetchError = Schema.is(FetchError.FetchError)

/** A failure to write or rename, as a {@link FileError}; `what` names what was saved ("the lc archive"). */
const fileError = (path: string, what: string, error: unknown): FileError => {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined
  return new FileError({
    path,
    ...(typeof code === "string" ? { code } : {}),
    message: `Could not save ${what} to ${path}: ${error instanceof Error ? error.message : String(error)}`
  })
}

/** What a download is checked against as it arrives: its size, and for a tar.gz its first bytes. */
interface Checks {
  readonly maxBytes: number
  /** The error for an archive past `maxBytes`, given the bytes seen so far. */
  readonly tooLarge: (size: number) => Error
  /** The error for a "tar.gz" that does not start as gzip, given its first bytes; no gzip check without it. */
  readonly notGzip?: (start: Uint8Array) => Error
}

/** A pass-through that fails the download past the size limit, or when a tar.gz is not gzip. */
const checking = (checks: Checks): Transform => {
  let size = 0
  let head = new Uint8Array(0)
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length
      if (size > checks.maxBytes) return done(checks.tooLarge(size))
      if (checks.notGzip !== undefined && head.length < gzipMagic.length) {
        head = Buffer.concat([head, chunk.subarray(0, gzipMagic.length - head.length)])
        if (head.some((byte, index) => byte !== gzipMagic[index])) return done(checks.notGzip(head))
      }
      done(null, chunk)
    },
    flush(done) {
      if (checks.notGzip !== undefined && head.length < gzipMagic.length) return done(checks.notGzip(head))
      done()
    }
  })
}

/**
 * Writes `body` to `path` through a temporary file beside it; on any failure
 * or abort, removes the temporary file before settling.
 */
const save = async (
  body: ReadableStream<Uint8Array>,
  path: string,
  signal: AbortSignal,
  checks: Checks
): Promise<number> => {
  const partial = `${path}.${randomUUID()}.part`
  const file = createWriteStream(partial, { flags: "wx" })
  try {
    await pipeline(
      Readable.fromWeb(body as ReadableStreamWeb.ReadableStream<Uint8Array>),
      checking(checks),
      file,
      { signal }
    )
    await rename(partial, path)
    return file.bytesWritten
  } catch (error) {
    // The file may still be opening; removing it before it is closed would let the open recreate it.
    if (!file.closed) await new Promise<void>((resolve) => file.once("close", () => resolve()))
    await rm(partial, { force: true })
    throw error
  }
}

/**
 * Downloads a product archive of a job to `path` as it arrives, and says how
 * many bytes it wrote. `jobUrl` is the `URL` of the submit reply. Fails with
 * the download's {@link FetchError.FetchError} (a missing archive is an
 * `HttpStatusError` 404) or a {@link FileError}; either way, and on
 * interruption, no partial file is left.
 */
export const downloadToFile = (
  jobUrl: string,
  product: UkssdcClient.ArchiveName,
  path: string,
  options: DownloadOptions = {}
): Effect.Effect<Saved, FetchError.FetchError | FileError, UkssdcClient.UkssdcClient> =>
  Effect.gen(function* () {
    const client = yield* UkssdcClient.UkssdcClient
    const body = yield* client.download(jobUrl, product, options.format)
    const format = options.format ?? "tar.gz"
    const where = FetchError.where(`UKSSDC ${product} archive download`, jobUrl.replace(/[?#].*$/, ""))
    const maxBytes = options.maxBytes ?? defaultMaxBytes
    const notGzip = (start: Uint8Array) => {
      const problems = [
        {
          path: "",
          message: `a tar.gz must start with the gzip bytes 1f 8b, and this one starts ${
            start.length === 0
              ? "empty"
              : Buffer.from(start)
                  .toString("hex")
                  .replace(/(..)(?=.)/g, "$1 ")
          }: not a gzip file`
        }
      ]
      return new FetchError.InvalidReply({
        ...where,
        status: 200,
        problems,
        message: `${FetchError.describe(where)}: the ${product} archive is not a tar.gz: ${problems[0]!.message}`
      })
    }
    const what = `the ${product} archive`
    return yield* saveChecked(body, path, what, {
      maxBytes,
      tooLarge: tooLarge(where, what, maxBytes),
      ...(format === "tar.gz" ? { notGzip } : {})
    })
  })

/** The error for a body past the limit, given the bytes seen so far. */
const tooLarge =
  (where: FetchError.Where, what: string, maxBytes: number) =>
  (size: number): FetchError.ReplyTooLarge =>
    new FetchError.ReplyTooLarge({
      ...where,
      limit: maxBytes,
      size,
      message: `${FetchError.describe(where)}: ${what} is larger than the limit of ${maxBytes} bytes; a larger limit is the maxBytes option`
    })

/** Saves a body to `path` under the checks, as an Effect: no partial file is left on failure or interruption. */
const saveChecked = (
  body: ReadableStream<Uint8Array>,
  path: string,
  what: string,
  checks: Checks
): Effect.Effect<Saved, FetchError.FetchError | FileError> =>
  Effect.map(
    Effect.callback<number, FetchError.FetchError | FileError>((resume, signal) => {
      const saving = save(body, path, signal, checks)
      saving.then(
        (written) => resume(Effect.succeed(written)),
        (error: unknown) => resume(Effect.fail(isFetchError(error) ? error : fileError(path, what, error)))
      )
      // Interrupted: wait until the temporary file is gone.
      return Effect.promise(() => saving.catch(() => undefined))
    }),
    (bytes) => ({ path, bytes })
  )

/** What {@link saveToFile} takes besides the body and the path. */
export interface SaveOptions {
  /** What is saved, for messages: "the TAP result". */
  readonly what: string
  /** Where the body came from, for a `ReplyTooLarge`. */
  readonly where: FetchError.Where
  /** The largest body saved, in bytes (default: {@link defaultMaxBytes}, 1 GiB). */
  readonly maxBytes?: number
}

/**
 * Saves a response body (a download `Transport.open` handed over) to `path`
 * as it arrives, through a temporary file renamed into place once complete.
 * Past `maxBytes` it fails with `ReplyTooLarge`; a write failure is a
 * {@link FileError}; either way, and on interruption, no partial file is left.
 */
export const saveToFile = (
  body: ReadableStream<Uint8Array>,
  path: string,
  options: SaveOptions
): Effect.Effect<Saved, FetchError.FetchError | FileError> => {
  const maxBytes = options.maxBytes ?? defaultMaxBytes
  return saveChecked(body, path, options.what, {
    maxBytes,
    tooLarge: tooLarge(options.where, options.what, maxBytes)
  })
}
