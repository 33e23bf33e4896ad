/**
 * A TOO request as a `Job.Snapshot`: one task, `request`, whose phase is its
 * stage (see `Stage`), whose steps are its life (decision, calendar, one step
 * per visit with the exposure flown against the exposure planned, data), whose
 * expected end is the end of the last visit the calendar plans, and whose
 * outputs are its TOO id, its target id, the IDs of its observations and
 * links to their data.
 */
import type * as Job from "../Job.js"
import * as Progress from "../Progress.js"
import { source } from "./Source.js"
import {
  type Findings,
  hasData,
  isDone,
  observationIds,
  phaseOf,
  type Stage,
  stageOf,
  visitsOf
} from "./Stage.js"
import type { CalendarEntry, Data, TooRequest } from "./Wire.js"

/** What {@link toSnapshot} takes. */
export interface SnapshotOptions extends Job.SnapshotOptions {}

const seconds = (value: number): string => `${Math.round(value).toLocaleString("en-US")} s`

/** One visit as a step: pending until flown, active while flying, done once over; its counter is seconds flown of those planned. */
const visitStep = (visit: CalendarEntry, index: number, over: boolean): Progress.Step => {
  const flown = Math.max(0, visit.asflown ?? 0)
  const planned = Math.max(0, visit.duration ?? 0)
  const state: Progress.State = over ? "done" : flown > 0 ? "active" : "pending"
  const total = Math.round(planned)
  const extra =
    planned > 0
      ? `${seconds(flown)} of ${seconds(planned)} observed${over && flown > 0 && flown < planned ? ", cut short" : over && flown === 0 ? ", not observed" : ""}`
      : `${seconds(flown)} observed`
  return Progress.make(`Visit ${index + 1}`, state, {
    extra,
    ...(total > 0 ? { counter: { current: Math.min(total, Math.round(flown)), total } } : {})
  })
}

/** A visit is over once a later one has started flying, or the planners count the request done. */
const visitSteps = (request: TooRequest): Progress.Steps => {
  const visits = visitsOf(request)
  const done = isDone(request)
  return visits.map((visit, index) =>
    visitStep(visit, index, done || visits.slice(index + 1).some((later) => (later.asflown ?? 0) > 0))
  )
}

const order: ReadonlyArray<Stage> = [
  "Submitted",
  "Approved",
  "Scheduled",
  "Observing",
  "Observed",
  "Data available"
]

/** A step active at one stage and done from another on; pending before, and in a stage that ended early. */
const stepState = (stage: Stage, activeAt: Stage, doneFrom: Stage): Progress.State => {
  const at = order.indexOf(stage)
  if (at < 0) return "pending"
  if (at >= order.indexOf(doneFrom)) return "done"
  return at === order.indexOf(activeAt) ? "active" : "pending"
}

/** The steps of a request's life: its decision, its calendar, its visits (one step each) and its data. */
export const stepsOf = (findings: Findings): Progress.Steps => {
  const stage = stageOf(findings)
  const ids = observationIds(findings.observations)
  const archived = ids.filter((id) => hasData(findings, id)).length
  const { decision } = findings.request
  return [
    Progress.make("Decision", stage === "Submitted" ? "active" : "done", decision ? { extra: decision } : {}),
    Progress.make("Calendar", stepState(stage, "Approved", "Scheduled")),
    Progress.make("Observations", stepState(stage, "Observing", "Observed"), {
      children: visitSteps(findings.request)
    }),
    Progress.make(
      "Data",
      stepState(stage, "Observed", "Data available"),
      ids.length > 0
        ? {
            extra: `${archived} of ${ids.length} observations in the archive`,
            counter: { current: archived, total: ids.length }
          }
        : {}
    )
  ]
}

/**
 * A link to all of an observation's data: the archive's directory of the
 * observation (the first part of a file's `path`, under the URL the file's
 * path hangs from), or the first file's own URL when its URL does not end in
 * its path.
 */
export const dataLink = (data: Data): string | undefined => {
  const first = data.entries[0]
  if (first === undefined) return undefined
  const tail = `${first.path}/${first.filename}`
  const top = first.path.split("/")[0]
  return first.url.endsWith(tail) && top ? `${first.url.slice(0, -tail.length)}${top}/` : first.url
}

const identifier = (id: string, label: string, value: string): Job.Output => ({
  id,
  label,
  value: { _tag: "Identifier", value }
})

/** What a request produced: its TOO id, its target id, each observation's ID and, once archived, a link to its data. */
export const outputsOf = (findings: Findings): ReadonlyArray<Job.Output> => {
  const { request } = findings
  const outputs: Array<Job.Output> = []
  if (typeof request.too_id === "number") outputs.push(identifier("too_id", "TOO id", String(request.too_id)))
  if (typeof request.target_id === "number")
    outputs.push(identifier("target_id", "Target id", String(request.target_id)))
  for (const id of observationIds(findings.observations)) {
    outputs.push(identifier(`obs:${id}`, `Observation ${id}`, id))
    const data = findings.data[id]
    const link = data === undefined ? undefined : dataLink(data)
    if (link !== undefined) outputs.push({ id: `data:${id}`, label: `Data of observation ${id}`, url: link })
  }
  return outputs
}

/** When the calendar's last visit ends: the request's expected end while it is planned or observing. */
export const expectedEndOf = (request: TooRequest): Date | undefined => {
  let last: number | undefined
  for (const visit of request.calendar?.entries ?? []) {
    const end = visit.end?.getTime()
    if (end !== undefined && (last === undefined || end > last)) last = end
  }
  return last === undefined ? undefined : new Date(last)
}

/** A TOO request as its one task. */
export const toTask = (findings: Findings): Job.Task => {
  const { request } = findings
  const stage = stageOf(findings)
  const phase = phaseOf(stage)
  const status = typeof request.status === "object" ? request.status : undefined
  const errors = status?.errors ?? []
  const warnings = status?.warnings ?? []
  const expectedEnd = phase === "waiting" || phase === "running" ? expectedEndOf(request) : undefined
  const outputs = outputsOf(findings)
  return {
    id: "request",
    label: request.target_name ? `TOO request for ${request.target_name}` : "TOO request",
    phase,
    code: stage,
    text: stage === "Rejected" && request.decision ? `Rejected: ${request.decision}` : stage,
    steps: stepsOf(findings),
    ...(errors.length > 0 ? { message: errors.join(" ") } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(request.timestamp ? { startedAt: request.timestamp } : {}),
    ...(expectedEnd === undefined ? {} : { expectedEnd }),
    ...(outputs.length > 0 ? { outputs } : {})
  }
}

/** A TOO request as a snapshot, its TOO id as the job id ("unsent" when the record has none). */
export const toSnapshot = (findings: Findings, options: SnapshotOptions): Job.Snapshot => {
  const task = toTask(findings)
  const { request } = findings
  return {
    source: source.id,
    jobId: typeof request.too_id === "number" ? String(request.too_id) : "unsent",
    label: options.label ?? task.label,
    ...(options.url === undefined ? {} : { url: options.url }),
    tasks: [task],
    observedAt: options.observedAt
  }
}
