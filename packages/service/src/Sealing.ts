/**
 * Upstream credentials and webhook secrets at rest: sealed with AES-256-GCM
 * (WebCrypto) under a key the operator gives (`JOBSCOPE_KEY`, or a key file),
 * so the database file never holds them in clear. A sealed value reads
 * `v1.<iv>.<ciphertext>` (base64url); a wrong key or a changed byte fails to open.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/** A sealed value that does not open: another key, or tampered with. */
export class SealError extends Schema.TaggedError<SealError>()("SealError", {
  message: Schema.String
}) {}

/** Seals and opens secrets. */
export interface Shape {
  readonly seal: (plain: string) => Effect.Effect<string>
  readonly open: (sealed: string) => Effect.Effect<string, SealError>
}

/** The sealing key in use. */
export class Sealing extends Context.Service<Sealing, Shape>()("@jobscope/service/Sealing") {}

const encode = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url")
const decode = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(text, "base64url"))

/** The shortest operator key accepted, in characters. */
export const minimumKeyLength = 16

/**
 * Sealing under a key derived (SHA-256) from the operator's secret, which
 * must be at least {@link minimumKeyLength} characters: `openssl rand -base64 32` makes a good one.
 */
export const make = (secret: Redacted.Redacted<string>): Effect.Effect<Shape, SealError> =>
  Effect.gen(function* () {
    const text = Redacted.value(secret)
    if (text.length < minimumKeyLength)
      return yield* new SealError({
        message: `the sealing key must be at least ${minimumKeyLength} characters (try: openssl rand -base64 32)`
      })
    const digest = yield* Effect.promise(() =>
      crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))
    )
    const key = yield* Effect.promise(() =>
      crypto.subtle.importKey("raw", digest, { name: "AES-GCM" }, false, ["encrypt", "decrypt"])
    )
    return Sealing.of({
      seal: (plain) =>
        Effect.promise(async () => {
          const iv = crypto.getRandomValues(new Uint8Array(12))
          const cipher = await crypto.subtle.encrypt(
            { name: "AES-GCM", iv },
            key,
            new TextEncoder().encode(plain)
          )
          return `v1.${encode(iv)}.${encode(new Uint8Array(cipher))}`
        }),
      open: (sealed) => {
        const [version, iv, cipher] = sealed.split(".")
        if (version !== "v1" || iv === undefined || cipher === undefined)
          return Effect.fail(new SealError({ message: "not a sealed value" }))
        return Effect.tryPromise({
          try: async () =>
            new TextDecoder().decode(
              await crypto.subtle.decrypt({ name: "AES-GCM", iv: decode(iv) }, key, decode(cipher))
            ),
          catch: () =>
            new SealError({
              message: "a sealed value did not open: the sealing key differs from the one it was sealed with"
            })
        })
      }
    })
  })

/** {@link make} as a layer. */
export const layer = (secret: Redacted.Redacted<string>): Layer.Layer<Sealing, SealError> =>
  Layer.effect(Sealing, make(secret))
