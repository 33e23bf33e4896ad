/**
 * A user's credentials at the observatories, given with a watch: the UKSSDC
 * user ID (an e-mail address), the Swift TOO username and shared secret, a TOM
 * token. Held as `Redacted` (never shown, logged or returned), sealed at rest.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Sealing from "./Sealing.js"

/** The credentials a watch may carry, as the API receives them (strings, turned `Redacted` on decoding). */
export const Credentials = Schema.Struct({
  ukssdc: Schema.optionalKey(Schema.Struct({ userId: Schema.Redacted(Schema.String) })),
  too: Schema.optionalKey(Schema.Struct({ username: Schema.String, secret: Schema.Redacted(Schema.String) })),
  tom: Schema.optionalKey(Schema.Struct({ token: Schema.Redacted(Schema.String) }))
})

/** The credentials a watch may carry. */
export interface Credentials extends Schema.Schema.Type<typeof Credentials> {}

/** No credentials. */
export const none: Credentials = {}

interface Plain {
  readonly ukssdc?: { readonly userId: string }
  readonly too?: { readonly username: string; readonly secret: string }
  readonly tom?: { readonly token: string }
}

/** The secrets in credentials, to scrub from anything a server echoes or an error repeats. */
export const secrets = (credentials: Credentials): ReadonlyArray<string> => [
  ...(credentials.ukssdc === undefined ? [] : [Redacted.value(credentials.ukssdc.userId)]),
  ...(credentials.too === undefined ? [] : [Redacted.value(credentials.too.secret)]),
  ...(credentials.tom === undefined ? [] : [Redacted.value(credentials.tom.token)])
]

/** Credentials sealed for the database; none at all seal to `null`. */
export const seal = (sealing: Sealing.Shape, credentials: Credentials): Effect.Effect<string | null> => {
  if (Object.keys(credentials).length === 0) return Effect.succeed(null)
  const plain: Plain = {
    ...(credentials.ukssdc === undefined
      ? {}
      : { ukssdc: { userId: Redacted.value(credentials.ukssdc.userId) } }),
    ...(credentials.too === undefined
      ? {}
      : { too: { username: credentials.too.username, secret: Redacted.value(credentials.too.secret) } }),
    ...(credentials.tom === undefined ? {} : { tom: { token: Redacted.value(credentials.tom.token) } })
  }
  return sealing.seal(JSON.stringify(plain))
}

/** Credentials opened from the database. */
export const open = (
  sealing: Sealing.Shape,
  sealed: string | null
): Effect.Effect<Credentials, Sealing.SealError> =>
  sealed === null
    ? Effect.succeed(none)
    : Effect.map(sealing.open(sealed), (text) => {
        const plain = JSON.parse(text) as Plain
        return {
          ...(plain.ukssdc === undefined ? {} : { ukssdc: { userId: Redacted.make(plain.ukssdc.userId) } }),
          ...(plain.too === undefined
            ? {}
            : { too: { username: plain.too.username, secret: Redacted.make(plain.too.secret) } }),
          ...(plain.tom === undefined ? {} : { tom: { token: Redacted.make(plain.tom.token) } })
        }
      })
