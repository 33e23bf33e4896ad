/**
 * The jobscope demo, until the CLI exists: decodes every example reply of the
 * API documents through @jobscope/core, prints the jobs they describe as
 * trees, the events between successive polls, and the typed errors that
 * broken replies get.
 */
import { DecodeError, Job, Tom, Too, Ukssdc } from "@jobscope/core"
import * as Result from "effect/Result"
import { type Seed, seeds } from "./seeds.js"
import { eventLine, snapshotLines } from "./textTree.js"

const observedAt = new Date()
const print = (lines: ReadonlyArray<string> | string) =>
  console.log(typeof lines === "string" ? lines : lines.join("\n"))

const decodeUkssdc = DecodeError.decodeJson(Ukssdc.StatusResponse, "UKSSDC status reply")
const decodeToo = DecodeError.decodeJson(Too.Envelope, "Swift TOO reply")
const decodeTomStatus = DecodeError.decodeJson(Tom.AsyncStatusResponse, "TOM status reply")
const decodeTomLogs = DecodeError.decodeJson(Tom.PipelineLogs, "TOM pipeline logs")

/** A seed reply as a snapshot of the job it describes, or why it describes none. */
const toSnapshot = (seed: Seed): Result.Result<Job.Snapshot, string> => {
  switch (seed.api) {
    case "ukssdc":
      return Result.flatMap(Result.mapError(decodeUkssdc(seed.text), String), (reply) =>
        reply.OK === 1
          ? Result.succeed(Ukssdc.toSnapshot(reply, { observedAt }))
          : Result.fail(`refused: ${reply.ERROR}`)
      )
    case "too":
      return Result.flatMap(Result.mapError(decodeToo(seed.text), String), (reply) =>
        Too.statusOf(reply) === undefined
          ? Result.fail(`a ${Too.kindLabel(reply.api_name)}, which is sent, not a job's status`)
          : Result.succeed(Too.toSnapshot(reply, { observedAt }))
      )
    case "tom":
      return seed.name.startsWith("pipeline")
        ? Result.map(Result.mapError(decodeTomLogs(seed.text), String), (logs) =>
            Tom.logsToSnapshot(logs, { pipeline: seed.name, observedAt })
          )
        : Result.map(Result.mapError(decodeTomStatus(seed.text), String), (reply) =>
            Tom.toSnapshot(reply, { target: seed.name, observedAt })
          )
  }
}

const requestOrOther = /-request$|^(submit|cancel|num-jobs|list-old-jobs|old-product|position|not-found)/

print("jobscope demo — the seed examples of three observatory APIs, decoded through @jobscope/core\n")
let shown = 0
for (const api of ["ukssdc", "too", "tom"] as const) {
  for (const seed of seeds(api)) {
    if (requestOrOther.test(seed.name)) continue
    const snapshot = toSnapshot(seed)
    print(`── ${api}/${seed.name}.json`)
    if (Result.isSuccess(snapshot)) {
      print(snapshotLines(snapshot.success))
      shown++
    } else {
      print(`  (${snapshot.failure})`)
    }
    print("")
  }
}

/** Two polls of one job, and the events between them. */
const polls: ReadonlyArray<readonly [Seed["api"], string, string]> = [
  ["ukssdc", "status-complex", "status-full"],
  ["too", "status-queued", "status-processing"],
  ["tom", "pipeline-running-early", "pipeline-running-later"],
  ["tom", "pipeline-running-later", "pipeline-finished"]
]
print("── events between two polls of the same job")
for (const [api, before, after] of polls) {
  const [first, second] = [before, after].map((name) => {
    const seed = seeds(api).find((candidate) => candidate.name === name)!
    return Result.getOrThrow(toSnapshot(seed))
  })
  print(`  ${api}: ${before} → ${after}`)
  for (const event of Job.diff(first!, second!)) print(`    ${eventLine(event)}`)
}

print("\n── what broken replies get: typed errors, never a crash")
const broken: ReadonlyArray<readonly [string, string]> = [
  ["an HTML error page", "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"],
  ["truncated JSON", '{"OK":1,"JobID":1,"lc":{"statusCode":3,'],
  ["a wrong status code", '{"OK":1,"JobID":1,"lc":{"statusCode":9,"statusText":"Running"}}'],
  [
    "a bad step",
    '{"OK":1,"JobID":1,"lc":{"statusCode":3,"statusText":"Running","progress":{"GotProgress":1,"ProgressSteps":[{"StepLabel":"x","StepStatus":"done"}]}}}'
  ]
]
for (const [what, body] of broken) {
  const result = decodeUkssdc(body)
  print(`  ${what}: ${Result.isFailure(result) ? result.failure.message : "decoded?!"}`)
  if (Result.isSuccess(result)) process.exitCode = 1
}

print(`\n${shown} job snapshots shown.`)
if (shown === 0) process.exitCode = 1
