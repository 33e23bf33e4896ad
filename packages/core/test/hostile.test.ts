import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Job, Progress, Tom, Too, Ukssdc } from "@jobscope/core"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import { chainedResults, nestedArrays, nestedObjects } from "../../../test-support/hostileJson.js"
import { fixture } from "./fixtures.js"

/** Every schema that reads what a server sends, or what a saved watcher state holds. */
const readers: ReadonlyArray<readonly [string, Schema.Decoder<unknown>]> = [
  ["UKSSDC status reply", Ukssdc.StatusResponse],
  ["UKSSDC submit reply", Ukssdc.SubmitResponse],
  ["UKSSDC cancel reply", Ukssdc.CancelResponse],
  ["UKSSDC job count", Ukssdc.NumJobsResponse],
  ["UKSSDC old jobs", Ukssdc.ListOldJobsResponse],
  ["UKSSDC old job", Ukssdc.OldProductResponse],
  ["UKSSDC position", Ukssdc.PositionResponse],
  ["TOO reply", Too.Envelope],
  ["TOM status reply", Tom.AsyncStatusResponse],
  ["TOM pipeline logs", Tom.PipelineLogs],
  ["saved snapshot", Job.SnapshotJson],
  ["saved step list", Progress.Steps]
]

const deepSteps = (levels: number): unknown => {
  let step: Record<string, unknown> = { StepLabel: "x", StepStatus: 0 }
  for (let level = 0; level < levels; level++) step = { StepLabel: "x", StepStatus: 1, SubStep: [step] }
  return {
    OK: 1,
    JobID: 1,
    lc: { statusCode: 3, statusText: "Running", progress: { GotProgress: 1, ProgressSteps: [step] } }
  }
}

/** Values no decoder should throw on, each wrapped into the places recursion happens. */
const hostile: ReadonlyArray<unknown> = [
  nestedArrays(50_000),
  nestedObjects(50_000, "SubStep"),
  nestedObjects(50_000, "result"),
  chainedResults(50_000),
  deepSteps(50_000),
  { OK: 1, JobID: 1, lc: nestedObjects(50_000, "progress") },
  { api_name: "Swift_Clock", api_version: "1", api_data: { x: nestedArrays(50_000) } },
  { source: "x", jobId: "1", observedAt: "2026-01-01T00:00:00Z", tasks: [{ steps: nestedArrays(50_000) }] },
  JSON.parse('{"__proto__": {"polluted": true}, "OK": 1, "JobID": 1}'),
  { constructor: { prototype: { polluted: true } }, OK: 1, JobID: 1 },
  "x".repeat(1_000_000)
]

describe("hostile input", () => {
  for (const [subject, schema] of readers) {
    it(`${subject}: deep nesting, prototype keys and huge strings give a result, never a throw`, () => {
      const decode = DecodeError.decodeUnknown(schema, subject)
      for (const value of hostile) {
        const result = decode(value)
        if (Result.isFailure(result)) {
          expect(result.failure.message.startsWith(`${subject}: `)).toBe(true)
          expect(result.failure.message.length).toBeLessThan(2_000)
        }
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    })
  }

  it("names the depth limit when a TOO result chain or a step tree nests too deeply", () => {
    const too = DecodeError.decodeUnknown(Too.Envelope, "TOO reply")(chainedResults(50_000))
    expect(Result.isFailure(too) && too.failure.message).toContain(
      `nesting deeper than ${Too.maxResultNesting} levels`
    )
    const steps = DecodeError.decodeUnknown(Ukssdc.StatusResponse, "UKSSDC status reply")(deepSteps(50_000))
    expect(Result.isFailure(steps) && steps.failure.message).toContain("nest deeper than the limit")
  })

  it("still decodes the real replies these limits guard", () => {
    expect(
      Result.isSuccess(
        DecodeError.decodeUnknown(Too.Envelope, "TOO reply")(fixture("too", "status-fetchresult"))
      )
    ).toBe(true)
  })
})
