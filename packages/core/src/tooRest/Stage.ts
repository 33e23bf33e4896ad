/**
 * Where a TOO request stands in its life, read off what the API tells: its
 * record (decision, calendar, `done`), the observations of its target and
 * their data in the archive.
 */
import type * as Phase from "../Phase.js"
import type { Data, Observation, TooRequest } from "./Wire.js"

/** The stages of a TOO request, in order; `Rejected`, `Withdrawn` and `Not observed` end it early. */
export const stages = [
  "Submitted",
  "Approved",
  "Scheduled",
  "Observing",
  "Observed",
  "Data available",
  "Rejected",
  "Withdrawn",
  "Not observed"
] as const

/** A stage of a TOO request. */
export type Stage = (typeof stages)[number]

/** What one look at a TOO request found: its record, the observations of its target, and their data. */
export interface Findings {
  readonly request: TooRequest
  /** The as-flown timeline of the request's target (empty before it was observed, or when not asked). */
  readonly observations: ReadonlyArray<Observation>
  /** The data of each observation ID asked about so far. */
  readonly data: Readonly<Record<string, Data>>
}

/** The phase of each stage in the unified model. */
export const phaseOf = (stage: Stage): Phase.Phase => {
  switch (stage) {
    case "Submitted":
      return "queued"
    case "Approved":
    case "Scheduled":
      return "waiting"
    case "Observing":
    case "Observed":
      return "running"
    case "Data available":
      return "succeeded"
    case "Rejected":
    case "Not observed":
      return "failed"
    case "Withdrawn":
      return "cancelled"
  }
}

/** How the duty scientist decided, from the record's `decision` (absent or empty while undecided). */
export const decisionOf = (request: TooRequest): "undecided" | "approved" | "rejected" | "withdrawn" => {
  const word = (request.decision ?? "").trim().toLowerCase()
  if (word === "") return "undecided"
  if (word.startsWith("reject") || word.startsWith("decline")) return "rejected"
  if (word.startsWith("withdr") || word.startsWith("cancel")) return "withdrawn"
  return "approved"
}

/** The visits of a request's calendar, in time order. */
export const visitsOf = (request: TooRequest) =>
  [...(request.calendar?.entries ?? [])].sort(
    (a, b) =>
      (a.begin?.getTime() ?? Number.POSITIVE_INFINITY) - (b.begin?.getTime() ?? Number.POSITIVE_INFINITY)
  )

/** The distinct observation IDs of a request's observations, in the order first seen. */
export const observationIds = (observations: ReadonlyArray<Observation>): ReadonlyArray<string> => [
  ...new Set(observations.flatMap((observation) => (observation.obs_id ? [observation.obs_id] : [])))
]

/** Whether the archive has files for an observation. */
export const hasData = (findings: Findings, obsId: string): boolean =>
  (findings.data[obsId]?.entries.length ?? 0) > 0

/** Whether the planners count the request complete. */
export const isDone = (request: TooRequest): boolean => (request.done ?? 0) !== 0

/** Where a TOO request stands. */
export const stageOf = (findings: Findings): Stage => {
  const { request } = findings
  const decision = decisionOf(request)
  if (decision === "rejected") return "Rejected"
  if (decision === "withdrawn") return "Withdrawn"
  if (decision === "undecided") return "Submitted"
  const visits = visitsOf(request)
  const flown = visits.some((visit) => (visit.asflown ?? 0) > 0)
  if (isDone(request)) {
    if (!flown && observationIds(findings.observations).length === 0) return "Not observed"
    const ids = observationIds(findings.observations)
    return ids.length > 0 && ids.every((id) => hasData(findings, id)) ? "Data available" : "Observed"
  }
  if (flown) return "Observing"
  return visits.length > 0 ? "Scheduled" : "Approved"
}
