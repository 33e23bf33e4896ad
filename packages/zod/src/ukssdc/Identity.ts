/**
 * How UKSSDC requests and replies name a job and its owner.
 */
import * as z from "zod"

/** A job's ID: a string in submit replies ("14"), a whole number in status and cancel replies. */
export const JobId = z.union([z.int().min(0), z.string()])

/** A job's ID. */
export type JobId = z.output<typeof JobId>

/**
 * The user's registered e-mail address, as plain text on the wire (the core
 * holds it as `Redacted` once decoded).
 */
export const UserId = z.string()
