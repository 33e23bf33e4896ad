/**
 * The phase of one task of a job, the common ground of every API's own status
 * codes: a UKSSDC product's numeric code, a TOO request's queue state, a TOM
 * process's free-text status.
 */
import * as Schema from "effect/Schema"

/**
 * - `pending`: asked for, not yet queued (UKSSDC 1, TOO Unknown, TOM `pending`)
 * - `queued`: waiting in the server's queue (UKSSDC 2, TOO Queued)
 * - `waiting`: held back until another task finishes (UKSSDC 5: astrometry waits for the PSF position)
 * - `running`: being worked on (UKSSDC 3, TOO Processing, any other TOM word)
 * - `succeeded`: finished with a result (UKSSDC 4, TOO Accepted, TOM `created`)
 * - `failed`: finished without one (UKSSDC -1, -2, -3, TOO Rejected, TOM `failed`)
 * - `cancelled`: stopped at the user's request (UKSSDC -4)
 * - `unknown`: the server says nothing of it (UKSSDC `null`: a product not in the job); such a
 *   task neither holds its job open nor ends it (see `Job.isTerminal`)
 *
 * `succeeded`, `failed` and `cancelled` are terminal: nothing moves out of
 * them, whatever the API. A state an API reports after the end (UWS
 * `ARCHIVED`: done, results deleted) maps to the terminal phase the task ended
 * in, with the server's own word as the task's code, never to `unknown`.
 */
export const Phase = Schema.Literals([
  "pending",
  "queued",
  "waiting",
  "running",
  "succeeded",
  "failed",
  "cancelled",
  "unknown"
])

/** The phase of one task of a job. */
export type Phase = typeof Phase.Type

/** The phases after which a task never moves on. */
export const terminal: ReadonlyArray<Phase> = ["succeeded", "failed", "cancelled"]

/** Whether a task in this phase is finished for good. */
export const isTerminal = (phase: Phase): boolean => terminal.includes(phase)
