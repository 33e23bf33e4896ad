/**
 * A Swift TOO REST API session kept in a file between runs, as the official
 * client keeps its cookie jar: only its owner may read or write it (mode
 * 0600, set again whenever it is written), and it holds the session cookie
 * alone, never the shared secret.
 *
 * @example
 * ```ts
 * import { TooRestClient } from "@jobscope/fetch"
 * import { SessionFile } from "@jobscope/fetch/node"
 *
 * const sessions = yield* SessionFile.make("/home/me/.cache/jobscope/too-session.json")
 * TooRestClient.layer({ username: "me", secret, sessions })
 * ```
 */
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises"
import { dirname } from "node:path"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as TooRestClient from "../TooRestClient.js"
import { FileError } from "./FileDownload.js"

/** Owner may read and write; nobody else anything. */
export const mode = 0o600

const fileError = (path: string, what: string) => (cause: unknown) => {
  const code = (cause as { code?: unknown }).code
  return new FileError({
    path,
    ...(typeof code === "string" ? { code } : {}),
    message: `${what} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`
  })
}

/** The session a file holds, if it holds one. */
const read = async (path: string): Promise<string | undefined> => {
  const text = await readFile(path, "utf8")
  const parsed: unknown = JSON.parse(text)
  const session = (parsed as { session?: unknown } | null)?.session
  return typeof session === "string" && session !== "" ? session : undefined
}

/**
 * A session store in the file at `path`, its directory made when missing.
 * Fails with `FileError` when the file cannot be written there (checked at
 * once, by making it owner-only): better to hear it now than to log in anew
 * on every run. A file that holds no session, or is not JSON, is as good as none.
 */
export const make = (path: string): Effect.Effect<TooRestClient.SessionStore, FileError> =>
  Effect.tryPromise({
    try: async () => {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 })
      const existing = await read(path).catch(() => undefined)
      if (existing === undefined) await writeFile(path, "{}\n", { mode })
      await chmod(path, mode)
    },
    catch: fileError(path, "cannot keep the session in")
  }).pipe(
    Effect.as<TooRestClient.SessionStore>({
      load: Effect.promise(() =>
        read(path).then(
          (session) => (session === undefined ? Option.none() : Option.some(Redacted.make(session))),
          () => Option.none()
        )
      ),
      // A session that cannot be written stays in this run's requests only; the next run logs in again.
      save: (session) =>
        Effect.promise(() =>
          writeFile(path, `${JSON.stringify({ session: Redacted.value(session) })}\n`, { mode })
            .then(() => chmod(path, mode))
            .catch(() => undefined)
        ),
      clear: Effect.promise(() => rm(path, { force: true }).catch(() => undefined))
    })
  )
