import { DecodeError, Job, Ukssdc } from "@jobscope/core"
import * as Result from "effect/Result"

const decode = DecodeError.decodeJson(Ukssdc.StatusResponse, "UKSSDC status reply")
const snapshotAt = (time: string, body: string): Job.Snapshot => {
  const reply = Result.getOrThrow(decode(body)) // a DecodeError if the body is not a status reply
  if (reply.OK !== 1) throw new Error(reply.ERROR) // the server refused: OK 0 and its reason
  return Ukssdc.toSnapshot(reply, { observedAt: new Date(time) })
}
const spectrum = (done: number) => `{"statusCode":3,"statusText":"Running","progress":{"GotProgress":1,
  "TimeRunning":"00:12:00","ProgressSteps":[{"StepLabel":"Prepare data.","StepStatus":2},
  {"StepLabel":"Build spectra.","StepStatus":1,"StepExtra":"Working on spectrum (${done}/156)"}]}}`
const first = snapshotAt(
  "2026-03-01T10:00:00Z",
  `{"OK":1,"JobID":7,"lc":{"statusCode":2,"statusText":"Queued"},"spec":${spectrum(14)}}`
)
const second = snapshotAt(
  "2026-03-01T10:00:30Z",
  `{"OK":1,"JobID":7,"lc":{"statusCode":4,"statusText":"Complete"},"spec":${spectrum(15)}}`
)
for (const event of Job.diff(first, second, Ukssdc.source)) {
  if (event._tag === "PhaseChanged") console.log(event.taskId, event.from, "→", event.to)
  if (event._tag === "CounterAdvanced") console.log(event.taskId, event.at.labels.join(" / "), event.to)
}
console.log(Job.isTerminal(second), Job.outcome(second)) // false undefined: the spectrum is still running
const broken = decode(`{"OK":1,"JobID":7,"lc":{"statusCode":7,"statusText":"Running"}}`)
if (Result.isFailure(broken)) console.log(broken.failure.message)
