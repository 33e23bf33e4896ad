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
import { Readable } from "node:stream"
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
}

/** A saved archive: where, and how many bytes. */
export interface Saved {
  readonly path: string
  readonly bytes: number
}

const isFetchError = Schema.is(FetchError.FetchError)

/** A failure to write or rename, as a {@link FileError}. */
const fileError = (path: string, product: UkssdcClient.ArchiveName, error: unknown): FileError => {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined
  return new FileError({
    path,
    ...(typeof code === "string" ? { code } : {}),
    message: `Could not save the ${product} archive to ${path}: ${error instanceof Error ? error.message : String(error)}`
  })
}

/**
 * Writes `body` to `path` through a temporary file beside it; on any failure
 * or abort, removes the temporary file before settling.
 */
const save = async (body: ReadableStream<Uint8Array>, path: string, signal: AbortSignal): Promise<number> => {
  const partial = `${path}.${randomUUID()}.part`
  const file = createWriteStream(partial, { flags: "wx" })
  try {
    await pipeline(Readable.fromWeb(body as ReadableStreamWeb.ReadableStream<Uint8Array>), file, { signal })
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
    const bytes = yield* Effect.callback<number, FetchError.FetchError | FileError>((resume, signal) => {
      const saving = save(body, path, signal)
      saving.then(
        (written) => resume(Effect.succeed(written)),
        (error: unknown) => resume(Effect.fail(isFetchError(error) ? error : fileError(path, product, error)))
      )
      // Interrupted: wait until the temporary file is gone.
      return Effect.promise(() => saving.catch(() => undefined))
    })
    return { path, bytes }
  })
