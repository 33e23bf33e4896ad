/**
 * Reading a submitted JWT the way the Swift TOO API does: the payload is the
 * envelope itself, the user is `api_data.username`, and the signature must be
 * HS256 with that user's shared secret. Every way a token can be wrong gets
 * its own sentence; no sentence ever quotes a secret.
 */
import { DecodeError } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { compactVerify, errors as JoseErrors } from "jose"

/** The part of a payload every request shares: an envelope whose data names its user. */
const Payload = Schema.Struct({
  api_name: Schema.String,
  api_version: Schema.String,
  api_data: Schema.Record(Schema.String, Schema.Unknown)
})

const decodePayload = DecodeError.decodeUnknown(Payload, "the token's payload")

/** A token signed with the shared secret of the user its payload names. */
export interface Verified {
  readonly username: string
  readonly apiName: string
  /** The payload, an envelope `{api_name, api_version, api_data}` as JSON. */
  readonly payload: unknown
}

// The start of the sentence for a user that has no secret, or whose secret did not sign the token (the real server's words).
const notFound = "Username/shared secret combination not found"

const base64url = /^[A-Za-z0-9_-]*$/

const parseJson = (part: string): unknown => {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"))
  } catch {
    return undefined
  }
}

const quote = (text: string): string => JSON.stringify(DecodeError.excerpt(text))

/**
 * Verifies a token against the shared secrets: the username and payload, or
 * the sentences saying what is wrong.
 */
export const verify = async (
  token: string,
  secretOf: (username: string) => string | undefined
): Promise<Result.Result<Verified, ReadonlyArray<string>>> => {
  const parts = token.trim().split(".")
  const [header, body] = parts
  if (
    parts.length !== 3 ||
    header === undefined ||
    body === undefined ||
    !parts.every((p) => base64url.test(p))
  )
    return Result.fail([
      `The jwt is not a JSON Web Token: expected three base64url parts separated by dots, got ${quote(token)}.`
    ])
  const headerJson = parseJson(header)
  const alg =
    typeof headerJson === "object" && headerJson !== null ? (headerJson as { alg?: unknown }).alg : undefined
  if (alg !== "HS256")
    return Result.fail([
      headerJson === undefined
        ? "The token's header is not base64url-encoded JSON."
        : `The token is signed with alg ${quote(String(alg))}; the Swift TOO API takes HS256 only.`
    ])
  const json = parseJson(body)
  if (json === undefined) return Result.fail(["The token's payload is not base64url-encoded JSON."])
  const payload = decodePayload(json)
  if (Result.isFailure(payload))
    return Result.fail([
      `The token's payload is not a Swift TOO API envelope {api_name, api_version, api_data}: ${payload.failure.message}.`
    ])
  const username = payload.success.api_data.username
  if (typeof username !== "string" || username.trim() === "")
    return Result.fail(["api_data.username is required: the shared secret is looked up by it."])
  const secret = secretOf(username)
  if (secret === undefined) return Result.fail([`${notFound}: there is no user ${quote(username)}.`])
  try {
    await compactVerify(token.trim(), new TextEncoder().encode(secret), { algorithms: ["HS256"] })
  } catch (error) {
    return Result.fail([
      error instanceof JoseErrors.JWSSignatureVerificationFailed
        ? `${notFound}: the token's signature does not match the shared secret of user ${quote(username)}.`
        : `The token could not be verified: ${error instanceof Error ? error.message : String(error)}.`
    ])
  }
  return Result.succeed({ username, apiName: payload.success.api_name, payload: json })
}
