/**
 * How UKSSDC requests and replies name a job and its owner.
 */
import * as Schema from "effect/Schema"

/** A job's ID: a string in submit replies ("14"), a number in status and cancel replies. */
export const JobId = Schema.Union([Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)), Schema.String])

/** A job's ID: a string in submit replies, a number in status and cancel replies. */
export type JobId = typeof JobId.Type

/**
 * The user's registered e-mail address, held as `Redacted` so that it never
 * shows in logs, error messages or snapshots; sent as plain text.
 */
export const UserId = Schema.RedactedFromValue(Schema.String)
