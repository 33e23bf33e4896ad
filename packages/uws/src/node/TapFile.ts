/**
 * Saving a finished TAP query's result to a file as it downloads, through a
 * temporary file renamed into place once complete (the fetch package's
 * `saveToFile`): a failed or interrupted download leaves nothing behind.
 */
import { FetchError, type Transport } from "@jobscope/fetch"
import { FileError, type Saved, saveToFile } from "@jobscope/fetch/node"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Tap from "../Tap.js"
import type * as Uws from "../uws/index.js"

/** How to save. */
export interface SaveResultOptions {
  /** The largest result saved, in bytes (default: 1 GiB); past it the download fails with `ReplyTooLarge`. */
  readonly maxBytes?: number
}

/** Saves a finished job's result (see `Tap.resultUrl`) to `path`, and says how many bytes it wrote. */
export const saveResult = (
  job: Uws.JobDocument,
  jobUrl: string,
  path: string,
  options: SaveResultOptions = {}
): Effect.Effect<Saved, FetchError.FetchError | FileError, Transport.Transport> =>
  Effect.gen(function* () {
    const url = yield* Tap.resultUrl(job, jobUrl)
    const context = yield* Effect.context<Transport.Transport>()
    const body = Stream.toReadableStreamWith(Tap.result(job, jobUrl), context)
    return yield* saveToFile(body, path, {
      what: `the result of TAP job ${job.jobId}`,
      where: FetchError.where("TAP result", url, job.jobId),
      ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes })
    })
  })

export { FileError, type Saved }
