/**
 * API tokens: minted per user by the operator (`jobscope serve token --user
 * alice`), shown once, stored only as their SHA-256 hash. A request's bearer
 * token names its user; a user sees and controls only their own watches.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type { SqlError } from "effect/sql"
import * as Store from "./Store.js"

/** Every token starts with this, so a leaked one is easy to spot and scan for. */
export const prefix = "jst_"

/** A token's hash, as stored. */
export const hash = async (token: string): Promise<string> =>
  Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token))).toString("hex")

/** Mints a token for `user` (a name of the operator's choosing) and stores its hash; the token itself is not kept. */
export const mint = (
  user: string,
  label = ""
): Effect.Effect<Redacted.Redacted<string>, SqlError.SqlError | RangeError, Store.Store> =>
  Effect.gen(function* () {
    if (!/^[A-Za-z0-9._@-]{1,100}$/.test(user))
      return yield* Effect.fail(new RangeError("a user name is 1 to 100 letters, digits or . _ @ -"))
    const store = yield* Store.Store
    const token = `${prefix}${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url")}`
    yield* store.addToken(yield* Effect.promise(() => hash(token)), user, label, Date.now())
    return Redacted.make(token)
  })

/** The user a token belongs to, if it is one of ours. */
export const userOf = (
  token: Redacted.Redacted<string>
): Effect.Effect<Option.Option<string>, SqlError.SqlError, Store.Store> =>
  Effect.gen(function* () {
    const value = Redacted.value(token)
    if (!value.startsWith(prefix)) return Option.none()
    const store = yield* Store.Store
    return yield* store.userOfToken(yield* Effect.promise(() => hash(value)))
  })
