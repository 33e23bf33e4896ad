/**
 * A Swift TOO API reply as a `Job.Snapshot`: where the job stands (the status
 * nested in the reply, or the reply itself), the phase of its status word, a
 * name for people of what was asked, and what it produced (visibility windows,
 * a resolved position, a TOO request's ids) as outputs.
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Job from "../Job.js"
import type * as Phase from "../Phase.js"
import {
  type AFST,
  type Envelope,
  type Request,
  type Resolve,
  Status,
  type StatusData,
  type StatusValue,
  type VisQuery
} from "./Envelope.js"
import { source } from "./Source.js"

/** Whether an envelope is a `Swift_TOO_Status`. */
export const isStatus = (envelope: Envelope): envelope is Status => envelope.api_name === "Swift_TOO_Status"

const decodeStatus = Schema.decodeUnknownOption(Status)

const echoesStatus = (reply: Envelope): reply is VisQuery | AFST | Resolve | Request =>
  reply.api_name === "Swift_VisQuery" ||
  reply.api_name === "Swift_AFST" ||
  reply.api_name === "Swift_Resolve" ||
  reply.api_name === "Swift_TOO_Request"

/**
 * The status of a reply: the reply itself when it is a bare `Swift_TOO_Status`
 * (Queued, Processing, Rejected), else the `status` envelope nested in the echoed
 * object (Accepted), also inside an envelope of an api_name without a schema.
 */
export const statusOf = (reply: Envelope): Status | undefined => {
  if (isStatus(reply)) return reply
  if (echoesStatus(reply)) return reply.api_data.status
  const nested = "status" in reply.api_data ? reply.api_data.status : undefined
  return nested === undefined ? undefined : Option.getOrUndefined(decodeStatus(nested))
}

/** The phase of a TOO job in the unified model. */
export const phaseOf = (status: StatusValue): Phase.Phase => {
  switch (status) {
    case "Unknown":
      return "pending"
    case "Queued":
      return "queued"
    case "Processing":
      return "running"
    case "Accepted":
      return "succeeded"
    case "Rejected":
      return "failed"
  }
}

const kindLabels: Readonly<Record<string, string>> = {
  Swift_TOO_Request: "TOO request",
  Swift_VisQuery: "Visibility query",
  Swift_AFST: "As-flown timeline query",
  Swift_Resolve: "Name resolution",
  Swift_TOO_Status: "Swift TOO API job",
  Swift_PPST: "Pre-planned timeline query",
  Swift_Calendar: "Calendar query",
  Swift_Clock: "Clock correction",
  Swift_SAA: "SAA passage query",
  Swift_GUANO: "GUANO query",
  Swift_Data: "Data download",
  UVOT_mode: "UVOT mode query"
}

/** A name for people of a kind of request, such as "Visibility query" for `Swift_VisQuery`. */
export const kindLabel = (apiName: string): string => kindLabels[apiName] ?? apiName

/** What {@link toSnapshot} takes: the shared options, and the envelope that was sent. */
export interface SnapshotOptions extends Job.SnapshotOptions {
  /** The envelope that was sent, to name the job when the reply is a bare status. */
  readonly request?: Envelope | undefined
}

const identifier = (
  id: string,
  label: string,
  value: number | null | undefined
): ReadonlyArray<Job.Output> =>
  typeof value === "number" ? [{ id, label, value: { _tag: "Identifier", value: String(value) } }] : []

/**
 * What a job produced, from what it is about and its status: a visibility
 * query's windows, a resolved name's position, a TOO request's TOO id and
 * target id (from the request echoed or the status that accepted it).
 */
export const outputsOf = (subject: Envelope, status: Partial<StatusData>): ReadonlyArray<Job.Output> => {
  if (is<VisQuery>(subject, "Swift_VisQuery")) {
    const windows = subject.api_data.windows
    if (windows === undefined) return []
    const value: Job.Windows = {
      _tag: "Windows",
      windows: windows.map(({ api_data }) => ({ begin: api_data.begin, end: api_data.end }))
    }
    return [{ id: "windows", label: "Visibility windows", value }]
  }
  if (is<Resolve>(subject, "Swift_Resolve")) {
    const { ra, dec } = subject.api_data
    return typeof ra === "number" && typeof dec === "number"
      ? [{ id: "position", label: "Position", value: { _tag: "Position", ra, dec } }]
      : []
  }
  if (is<Request>(subject, "Swift_TOO_Request")) {
    return [
      ...identifier("too_id", "TOO id", subject.api_data.too_id ?? status.too_id),
      ...identifier("target_id", "Target id", subject.api_data.target_id)
    ]
  }
  return identifier("too_id", "TOO id", status.too_id)
}

const is = <E extends Envelope>(envelope: Envelope, apiName: E["api_name"]): envelope is E =>
  envelope.api_name === apiName

// The server's errors as one message: its sentences side by side, other phrases separated by semicolons.
const joinErrors = (errors: ReadonlyArray<string>): string =>
  errors.reduce(
    (joined, error) => (joined === "" ? error : `${joined}${/[.!?]$/.test(joined) ? " " : "; "}${error}`),
    ""
  )

/** What a reply is about: a fetched result, else the echoed object, else (a bare status) what was sent. */
const subjectOf = (reply: Envelope, data: Partial<StatusData>, request: Envelope | undefined): Envelope =>
  data.result ?? (isStatus(reply) ? (request ?? reply) : reply)

/**
 * A reply of the TOO API as the job's one task, `request`: the phase from the
 * status word, the server's errors as the message, its warnings, and, once
 * accepted, what the job produced as outputs (see {@link outputsOf}). `request` is the envelope
 * that was sent, to name the task when the reply is a bare status.
 */
export const toTask = (reply: Envelope, request?: Envelope): Job.Task => {
  const data: Partial<StatusData> = statusOf(reply)?.api_data ?? {}
  const subject = subjectOf(reply, data, request)
  const word: StatusValue = data.status ?? "Unknown"
  const errors = data.errors ?? []
  const warnings = data.warnings ?? []
  // Only what the server sent back, once it accepted the job: a request as it was sent (a
  // VisQuery with `windows: []`) or a job still queued or rejected has produced nothing.
  const outputs = word === "Accepted" ? outputsOf(data.result ?? reply, data) : []
  return {
    id: "request",
    label: kindLabel(subject.api_name),
    phase: phaseOf(word),
    code: word,
    text: word,
    ...(errors.length > 0 ? { message: joinErrors(errors) } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(data.began ? { startedAt: data.began } : {}),
    ...(data.completed ? { finishedAt: data.completed } : {}),
    ...(outputs.length > 0 ? { outputs } : {})
  }
}

/**
 * A reply of the TOO API as a `Job.Snapshot` with one task (see {@link toTask}):
 * the job number as id ("unsent" before the server gave one), labelled with
 * what kind of request it is ("Visibility query") unless told otherwise.
 */
export const toSnapshot = (reply: Envelope, options: SnapshotOptions): Job.Snapshot => {
  const data: Partial<StatusData> = statusOf(reply)?.api_data ?? {}
  const task = toTask(reply, options.request)
  return {
    source: source.id,
    jobId: typeof data.jobnumber === "number" ? String(data.jobnumber) : "unsent",
    label: options.label ?? task.label,
    ...(options.url === undefined ? {} : { url: options.url }),
    tasks: [task],
    observedAt: options.observedAt
  }
}
