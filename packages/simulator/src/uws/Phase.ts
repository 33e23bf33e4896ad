/**
 * The execution phases of a UWS job (UWS 1.1, "Execution Phase") and what the
 * simulator needs to know about them.
 */

/** Every phase a UWS job may report. */
export const phases = [
  "PENDING",
  "QUEUED",
  "EXECUTING",
  "COMPLETED",
  "ERROR",
  "ABORTED",
  "UNKNOWN",
  "HELD",
  "SUSPENDED",
  "ARCHIVED"
] as const

/** A UWS execution phase. */
export type Phase = (typeof phases)[number]

/** Whether `text` names a phase, as the job list's `PHASE` filter takes it. */
export const isPhase = (text: string): text is Phase => (phases as ReadonlyArray<string>).includes(text)

/** The phases a job never leaves (until it is destroyed). */
export const isFinal = (phase: Phase): boolean =>
  phase === "COMPLETED" || phase === "ERROR" || phase === "ABORTED" || phase === "ARCHIVED"

/**
 * The phases in which a blocking `WAIT` holds the request (UWS 1.1
 * "Blocking behaviour"): in any other phase the server answers at once.
 */
export const isActive = (phase: Phase): boolean =>
  phase === "PENDING" || phase === "QUEUED" || phase === "EXECUTING"
