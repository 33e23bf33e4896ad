/**
 * From a reply zod checked to the core's `Job.Snapshot`, so that the rest of
 * jobscope (renderers, `Job.diff`, the lifecycles) works on it. Each function
 * decodes the reply with the core and returns exactly what the core's own
 * mapping returns; the caller writes no Effect.
 *
 * A namespace of its own, apart from the schemas, so that a page that only
 * checks replies bundles neither the core nor Effect.
 *
 * @example
 * ```ts
 * import { Snapshot, Ukssdc } from "@jobscope/zod"
 *
 * const reply = Ukssdc.StatusResponse.parse(JSON.parse(body))
 * if (reply.OK === 1) console.log(Snapshot.fromUkssdc(reply, { observedAt: new Date() }).tasks)
 * ```
 */
import { Tom as CoreTom, Too as CoreToo, Ukssdc as CoreUkssdc, DecodeError, type Job } from "@jobscope/core"
import type * as Tom from "./Tom.js"
import type * as Too from "./Too.js"
import type * as Ukssdc from "./ukssdc/index.js"

/** What a decoder of the core returns: the decoded value, or why it did not decode. */
type Decoded<A> =
  | { readonly _tag: "Success"; readonly success: A }
  | { readonly _tag: "Failure"; readonly failure: DecodeError.DecodeError }

/** The decoded value, or the core's `DecodeError` thrown: only a value zod never checked fails. */
const successOrThrow = <A>(decoded: Decoded<A>): A => {
  if (decoded._tag === "Failure") throw decoded.failure
  return decoded.success
}

const decodeUkssdc = /* @__PURE__ */ DecodeError.decodeUnknown(CoreUkssdc.StatusOk, "UKSSDC status reply")
const decodeToo = /* @__PURE__ */ DecodeError.decodeUnknown(CoreToo.Envelope, "Swift TOO reply")
const decodeTom = /* @__PURE__ */ DecodeError.decodeUnknown(CoreTom.AsyncStatusResponse, "TOM status reply")
const decodeTomLogs = /* @__PURE__ */ DecodeError.decodeUnknown(CoreTom.PipelineLogs, "TOM pipeline logs")

/** Options of {@link fromUkssdc}: when the reply came, and the job's page and name when known. */
export type UkssdcOptions = Parameters<typeof CoreUkssdc.toSnapshot>[1]

/**
 * A successful UKSSDC status reply as a snapshot of the job, one task per
 * product in the order sent, as the core's `Ukssdc.toSnapshot` makes it
 * (`elapsed` is an Effect `Duration`).
 *
 * @throws the core's `DecodeError` for a reply `Ukssdc.StatusOk` would not have accepted.
 */
export const fromUkssdc = (reply: Ukssdc.StatusOk, options: UkssdcOptions): Job.Snapshot =>
  CoreUkssdc.toSnapshot(successOrThrow(decodeUkssdc(reply)), options)

/** Options of {@link fromToo}. */
export interface TooOptions {
  /** When the reply was received, by the observer's clock. */
  readonly observedAt: Date
  /** The envelope that was sent, to name the job when the reply is a bare status (default: none). */
  readonly request?: Too.Envelope | undefined
}

/**
 * A reply of the TOO API as a snapshot with one task, `request`, as the core's
 * `Too.toSnapshot` makes it: the job number as id, the phase from the status
 * word, the server's errors and warnings.
 *
 * @throws the core's `DecodeError` for an envelope `Too.Envelope` would not have accepted.
 */
export const fromToo = (reply: Too.Envelope, options: TooOptions): Job.Snapshot =>
  CoreToo.toSnapshot(successOrThrow(decodeToo(reply)), {
    observedAt: options.observedAt,
    ...(options.request === undefined ? {} : { request: successOrThrow(decodeToo(options.request)) })
  })

/** Options of {@link fromTom}: the target's primary key, when the reply came, and a name for people. */
export type TomOptions = Parameters<typeof CoreTom.toSnapshot>[1]

/**
 * A TOM async status reply as a snapshot with one task per process and job id
 * `target/<PK>`, as the core's `Tom.toSnapshot` makes it.
 *
 * @throws the core's `DecodeError` for a reply `Tom.AsyncStatusResponse` would not have accepted.
 */
export const fromTom = (reply: Tom.AsyncStatusResponse, options: TomOptions): Job.Snapshot =>
  CoreTom.toSnapshot(successOrThrow(decodeTom(reply)), options)

/** Options of {@link fromTomLogs}: the pipeline's primary key, when the reply came, and a name for people. */
export type TomLogsOptions = Parameters<typeof CoreTom.logsToSnapshot>[1]

/**
 * A TOM pipeline logs reply as a snapshot with one task carrying the log, and
 * job id `pipeline/<PK>`, as the core's `Tom.logsToSnapshot` makes it.
 *
 * @throws the core's `DecodeError` for a reply `Tom.PipelineLogs` would not have accepted.
 */
export const fromTomLogs = (logs: Tom.PipelineLogs, options: TomLogsOptions): Job.Snapshot =>
  CoreTom.logsToSnapshot(successOrThrow(decodeTomLogs(logs)), options)
