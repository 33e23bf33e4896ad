/**
 * `--state FILE`: a watch's place saved after every poll, so that a watch
 * killed (even with kill -9) and run again goes on where it was: no event
 * reported twice, and no poll sooner than the one planned. The file holds
 * `Follow.SavedJson` entries, one per job (found again by its key), and is replaced whole each time
 * (written beside it, then renamed), so it is never half-written.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { Follow } from "@jobscope/fetch"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Problem from "./Problem.js"

const SavedFile = Schema.Array(Follow.SavedJson)
const decode = Schema.decodeUnknownSync(SavedFile)
const encode = Schema.encodeSync(SavedFile)

/** The saved places in `path`, none when it does not exist; a usage error when it is not a saved watch. */
export const read = (path: string) =>
  Effect.gen(function* () {
    if (!existsSync(path)) return []
    try {
      return decode(JSON.parse(readFileSync(path, "utf8")))
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error)
      return yield* Problem.usage(`--state ${path} is not a watch jobscope saved: ${reason}`)
    }
  })

/** Saves every job's place to `path`, replacing it whole. */
export const write = (path: string, saved: ReadonlyMap<string, Follow.Saved>): void => {
  const partial = `${path}.${process.pid}.part`
  writeFileSync(partial, `${JSON.stringify(encode([...saved.values()]), null, 2)}\n`)
  renameSync(partial, path)
}
