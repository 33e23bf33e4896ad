/**
 * A file a command reads, such as a saved reply or a request's data: its
 * text, from a path or from standard input (`-`), or an error a person can
 * act on (no such file, a directory, no permission), never a stack trace.
 */
import { readFile, stat } from "node:fs/promises"
import { text as streamText } from "node:stream/consumers"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/** What was read. */
export interface Read {
  /** The path as given, or "standard input" for `-`; for messages. */
  readonly name: string
  readonly text: string
  /** When the file was last written (absent for standard input). */
  readonly modifiedAt?: Date
}

/** A file that could not be read. */
export class Unreadable extends Schema.TaggedError<Unreadable>()("Unreadable", {
  /** The path as given. */
  path: Schema.String,
  message: Schema.String
}) {}

/** Node's error codes, in words. */
const reasons: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied"
}

const reasonOf = (error: unknown): string => {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : ""
  return reasons[code] ?? (error instanceof Error ? error.message : String(error))
}

/** Reads a file as UTF-8 text, or standard input to its end when `path` is `-`. */
export const read = (path: string): Effect.Effect<Read, Unreadable> =>
  Effect.tryPromise({
    try: async (): Promise<Read> => {
      if (path === "-") return { name: "standard input", text: await streamText(process.stdin) }
      const [text, stats] = await Promise.all([readFile(path, "utf8"), stat(path)])
      return { name: path, text, modifiedAt: stats.mtime }
    },
    catch: (error) =>
      new Unreadable({
        path,
        message: `cannot read ${path === "-" ? "standard input" : path}: ${reasonOf(error)}`
      })
  })
