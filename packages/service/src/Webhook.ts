/**
 * Signed webhooks. Every delivery is a POST whose headers say what it is and
 * prove who sent it:
 *
 * - `Jobscope-Delivery`: the delivery's id (`<webhook id>.<event seq>`), the
 *   same on every retry: drop one you have seen;
 * - `Jobscope-Event`: the event's kind (`PhaseChanged`, `WatchEnded` …);
 * - `Jobscope-Signature`: `t=<unix seconds>,v1=<hex>`, the HMAC-SHA256 under
 *   the webhook's shared secret of `<t>.<body>`.
 *
 * A receiver checks the signature with {@link verify} (or the same three lines
 * in any language) and rejects a timestamp too far from its clock.
 *
 * @example
 * ```ts
 * import { Webhook } from "@jobscope/service"
 *
 * const ok = await Webhook.verify({
 *   secret: process.env.HOOK_SECRET!,
 *   signature: request.headers["jobscope-signature"],
 *   body: rawBody
 * })
 * ```
 */
import * as Schema from "effect/Schema"
import * as Topic from "./Topic.js"

/** The header carrying the signature. */
export const signatureHeader = "Jobscope-Signature"
/** The header carrying the delivery id. */
export const deliveryHeader = "Jobscope-Delivery"
/** The header carrying the event's kind. */
export const eventHeader = "Jobscope-Event"

/** How a webhook's body is made: the jobscope event as JSON, or a Slack / Mattermost incoming-webhook message. */
export const Format = Schema.Literals(["json", "slack"])

/** How a webhook's body is made. */
export type Format = typeof Format.Type

/** A webhook as a watch asks for it. */
export const Spec = Schema.Struct({
  /** Where to POST, http or https. */
  url: Schema.String.check(
    Schema.makeFilter((url: string) => /^https?:\/\/[^\s]+$/i.test(url) || "must be an http(s) URL")
  ),
  /** The shared secret the signature is made with, at least 16 characters. */
  secret: Schema.Redacted(Schema.String.check(Schema.isMinLength(16))),
  /** The events to send (default: all topics). */
  on: Schema.optionalKey(Schema.Array(Topic.Topic)),
  /** The body's format (default: "json"). */
  format: Schema.optionalKey(Format)
})

/** A webhook as a watch asks for it. */
export interface Spec extends Schema.Schema.Type<typeof Spec> {}

const encoder = new TextEncoder()

const hmacKey = (secret: string, usage: "sign" | "verify") =>
  crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage])

const hex = (bytes: ArrayBuffer): string => Buffer.from(bytes).toString("hex")

/** The `Jobscope-Signature` value of a body sent at `timestamp` (unix seconds). */
export const sign = async (secret: string, timestamp: number, body: string): Promise<string> => {
  const mac = await crypto.subtle.sign(
    "HMAC",
    await hmacKey(secret, "sign"),
    encoder.encode(`${timestamp}.${body}`)
  )
  return `t=${timestamp},v1=${hex(mac)}`
}

/** What {@link verify} checks. */
export interface VerifyOptions {
  /** The webhook's shared secret. */
  readonly secret: string
  /** The `Jobscope-Signature` header as received (missing: not verified). */
  readonly signature: string | null | undefined
  /** The raw body as received, before any JSON parsing. */
  readonly body: string
  /** How far the timestamp may be from now, in seconds (default: 300). */
  readonly tolerance?: number
  /** Now, in unix seconds (default: the clock's). */
  readonly now?: number
}

/** Whether a delivery was signed with `secret` over this body, at a time within `tolerance` of now. */
export const verify = async (options: VerifyOptions): Promise<boolean> => {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(options.signature ?? "")
  if (match === null) return false
  const timestamp = Number(match[1])
  const now = options.now ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - timestamp) > (options.tolerance ?? 300)) return false
  // `subtle.verify` compares in constant time.
  return crypto.subtle.verify(
    "HMAC",
    await hmacKey(options.secret, "verify"),
    Buffer.from(match[2]!, "hex"),
    encoder.encode(`${timestamp}.${options.body}`)
  )
}
