/**
 * A Swift TOO API reply as a `Job.Snapshot`: where the job stands (the status
 * nested in the reply, or the reply itself), the phase of its status word, and
 * a name for people of what was asked.
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

/** Options of {@link toSnapshot}. */
export interface SnapshotOptions {
  /** When the reply was received, by the observer's clock. */
  readonly observedAt: Date
  /** The envelope that was sent, to name the job when the reply is a bare status. */
  readonly request?: Envelope | undefined
}

/**
 * A reply of the TOO API as a `Job.Snapshot` with one task, `request`: the job
 * number as id ("unsent" before the server gave one), the phase from the
 * status word, the server's errors as the message and its warnings.
 */
// The server's errors as one message: its sentences side by side, other phrases separated by semicolons.
const joinErrors = (errors: ReadonlyArray<string>): string =>
  errors.reduce(
    (joined, error) => (joined === "" ? error : `${joined}${/[.!?]$/.test(joined) ? " " : "; "}${error}`),
    ""
  )

export const toSnapshot = (reply: Envelope, options: SnapshotOptions): Job.Snapshot => {
  const status = statusOf(reply)
  const data: Partial<StatusData> = status?.api_data ?? {}
  // What the job is about: a fetched result, else the echoed object, else (a bare status) what was sent.
  const subject = data.result ?? (isStatus(reply) ? (options.request ?? reply) : reply)
  const word: StatusValue = data.status ?? "Unknown"
  const errors = data.errors ?? []
  const warnings = data.warnings ?? []
  const task: Job.Task = {
    id: "request",
    label: kindLabel(subject.api_name),
    phase: phaseOf(word),
    code: word,
    text: word,
    ...(errors.length > 0 ? { message: joinErrors(errors) } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(data.began ? { startedAt: data.began } : {}),
    ...(data.completed ? { finishedAt: data.completed } : {})
  }
  return {
    source: "too",
    jobId: typeof data.jobnumber === "number" ? String(data.jobnumber) : "unsent",
    label: subject.api_name,
    tasks: [task],
    observedAt: options.observedAt
  }
}
