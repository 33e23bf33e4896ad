/**
 * A UWS job's execution phase (UWS 1.1 §2.1.3), the moves the standard
 * allows between them as a core lifecycle, and where each stands among the
 * core's phases.
 */
import { Lifecycle, type Phase } from "@jobscope/core"
import * as Schema from "effect/Schema"

/** The phases a UWS 1.1 service reports (1.0 lacks `ARCHIVED`). */
export const ExecutionPhase = Schema.Literals([
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
])

/** A UWS job's execution phase. */
export type ExecutionPhase = typeof ExecutionPhase.Type

/**
 * The phases in which a UWS 1.1 service blocks a `WAIT` request until the
 * phase changes; in any other it answers at once (UWS 1.1 §2.2.3.4).
 */
export const active: ReadonlyArray<ExecutionPhase> = ["PENDING", "QUEUED", "EXECUTING"]

/** Whether a job in this phase is over: it will not run again (`ARCHIVED` included). */
export const isFinal = (phase: ExecutionPhase): boolean =>
  phase === "COMPLETED" || phase === "ERROR" || phase === "ABORTED" || phase === "ARCHIVED"

/**
 * Where each UWS phase stands among the core's phases. `HELD` (the service
 * holds the job back, e.g. over quota) and `SUSPENDED` (the service paused a
 * running job) are `waiting`: not running, not over. `ARCHIVED` (done, results
 * deleted) is `succeeded`: the core maps a state reported after the end to
 * the terminal phase, the server's word staying the task's code.
 */
export const phaseOf = (phase: ExecutionPhase): Phase.Phase => {
  switch (phase) {
    case "PENDING":
      return "pending"
    case "QUEUED":
      return "queued"
    case "HELD":
    case "SUSPENDED":
      return "waiting"
    case "EXECUTING":
      return "running"
    case "COMPLETED":
    case "ARCHIVED":
      return "succeeded"
    case "ERROR":
      return "failed"
    case "ABORTED":
      return "cancelled"
    case "UNKNOWN":
      return "unknown"
  }
}

/**
 * The UWS 1.1 phase machine (its figure 2) on the core's phases: a job is
 * created PENDING (or HELD, when the service cannot take it yet), queued by a
 * PHASE=RUN, executed, maybe suspended and resumed, and ends COMPLETED,
 * ERROR or ABORTED (an abort works from any phase before the end, and a job
 * can fail before it runs). UNKNOWN is the service not knowing: from it, any
 * phase may follow; a job that was seen in a phase and is then UNKNOWN is
 * an anomaly worth reporting (the service lost track of it). HELD and
 * SUSPENDED share the core's `waiting`, so the table cannot tell a
 * suspended job from a held one: EXECUTING seen before QUEUED reads as a
 * suspension then a queue, and is not flagged.
 */
export const lifecycle = Lifecycle.make("UWS job", [
  ["pending", "queued"],
  ["pending", "waiting"],
  ["waiting", "queued"],
  ["queued", "running"],
  ["queued", "waiting"],
  ["running", "waiting"],
  ["waiting", "running"],
  ["running", "succeeded"],
  ["unknown", "pending"],
  ["unknown", "queued"],
  ["unknown", "waiting"],
  ["unknown", "running"],
  ["unknown", "succeeded"],
  ...Lifecycle.fromAnyUnfinished(["failed", "cancelled"])
])
