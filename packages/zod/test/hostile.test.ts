/**
 * Deep nesting, prototype keys and huge strings: zod gives a verdict, never a
 * throw, and the same verdict as the core; the depth limits are the core's, to
 * the level.
 */
import { describe, expect, it } from "@effect/vitest"
import { Progress as CoreProgress, Too as CoreToo, Ukssdc as CoreUkssdc, DecodeError } from "@jobscope/core"
import * as Result from "effect/Result"
import { chainedResults, nestedArrays, nestedObjects } from "../../../test-support/hostileJson.js"
import { Progress, Too, Ukssdc } from "../src/index.js"
import { coreAccepts, formatEntries, formats, zodAccepts } from "./formats.js"

/** A UKSSDC step `levels` deep, the innermost one with `innermost` merged in. */
const stepChain = (levels: number, innermost: object = {}): unknown => {
  let step: Record<string, unknown> = { StepLabel: "x", StepStatus: 0, ...innermost }
  for (let level = 1; level < levels; level++) step = { StepLabel: "x", StepStatus: 1, SubStep: [step] }
  return step
}

const statusReply = (step: unknown): unknown => ({
  OK: 1,
  JobID: 1,
  lc: { statusCode: 3, statusText: "Running", progress: { GotProgress: 1, ProgressSteps: [step] } }
})

/** A neutral step list `levels` deep, the innermost step with `innermost` merged in. */
const progressChain = (levels: number, innermost: object = {}): unknown => {
  let step: Record<string, unknown> = { label: "x", state: "done", children: [], ...innermost }
  for (let level = 1; level < levels; level++) step = { label: "x", state: "done", children: [step] }
  return [step]
}

/** Values no parser should throw on, each wrapped into the places recursion happens. */
const hostile: ReadonlyArray<unknown> = [
  nestedArrays(50_000),
  nestedObjects(50_000, "SubStep"),
  nestedObjects(50_000, "children"),
  nestedObjects(50_000, "result"),
  chainedResults(50_000),
  statusReply(stepChain(50_000)),
  progressChain(50_000),
  { OK: 1, JobID: 1, lc: nestedObjects(50_000, "progress") },
  { OK: 1, URL: "u", JobID: "1", APIVersion: 0.1, jobPars: { targ: nestedArrays(50_000) } },
  { api_name: "Swift_Clock", api_version: "1", api_data: { x: nestedArrays(50_000) } },
  JSON.parse('{"__proto__": {"polluted": true}, "OK": 1, "JobID": 1}'),
  { constructor: { prototype: { polluted: true } }, OK: 1, JobID: 1 },
  "x".repeat(1_000_000),
  { OK: 1, JobID: 1, lc: { statusCode: "3".repeat(100_000), statusText: "x".repeat(1_000_000) } }
]

/** zod's issue path written as the core writes a problem's path: `lc.progress.ProgressSteps[0].SubStep`. */
const pathText = (path: ReadonlyArray<PropertyKey>): string =>
  path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("")

const zodIssue = (
  schema: {
    safeParse: (value: unknown) => {
      error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }
    }
  },
  value: unknown
) => {
  const issue = schema.safeParse(value).error?.issues[0]
  if (issue === undefined) throw new Error("expected an issue")
  return { path: pathText(issue.path), message: issue.message }
}

const coreProblem = <S extends Parameters<typeof DecodeError.decodeUnknown>[0]>(
  schema: S,
  value: unknown
) => {
  const result = DecodeError.decodeUnknown(schema, "value")(value)
  if (Result.isSuccess(result)) throw new Error("expected a problem")
  return result.failure.problems[0]!
}

describe("hostile input", () => {
  for (const [name, format] of formatEntries) {
    it(`${name}: deep nesting, prototype keys and huge strings give the core's verdict, never a throw`, () => {
      for (const value of hostile) expect(zodAccepts(format, value)).toBe(coreAccepts(format, value))
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    })
  }

  it("reject the deep values the formats are about, as the core does", () => {
    expect(zodAccepts(formats["ukssdc-status-response"], statusReply(stepChain(50_000)))).toBe(false)
    expect(zodAccepts(formats["too-envelope"], chainedResults(50_000))).toBe(false)
    expect(zodAccepts(formats["progress-steps"], progressChain(50_000))).toBe(false)
    // Any JSON is allowed where any JSON is: depth alone is no reason to refuse it.
    expect(zodAccepts(formats["ukssdc-submit-response"], hostile[8])).toBe(true)
    expect(zodAccepts(formats["too-envelope"], hostile[9])).toBe(true)
  })
})

describe("depth limits", () => {
  it("UKSSDC steps: the same verdict at every depth around the limit, which is the core's", () => {
    expect(Ukssdc.StatusResponse.safeParse(statusReply(stepChain(CoreProgress.maxDepth))).success).toBe(true)
    expect(Ukssdc.StatusResponse.safeParse(statusReply(stepChain(CoreProgress.maxDepth + 1))).success).toBe(
      false
    )
    for (let levels = 1; levels <= CoreProgress.maxDepth + 8; levels++)
      expect(zodAccepts(formats["ukssdc-status-response"], statusReply(stepChain(levels))), `${levels}`).toBe(
        coreAccepts(formats["ukssdc-status-response"], statusReply(stepChain(levels)))
      )
  })

  it("UKSSDC steps: the innermost level may have an empty SubStep, never a non-list one", () => {
    const format = formats["ukssdc-status-response"]
    for (const innermost of [{ SubStep: [] }, { SubStep: "x" }, { SubStep: [{}] }, { SubStep: {} }]) {
      const value = statusReply(stepChain(CoreProgress.maxDepth, innermost))
      expect(zodAccepts(format, value), JSON.stringify(innermost)).toBe(coreAccepts(format, value))
    }
    expect(zodAccepts(format, statusReply(stepChain(CoreProgress.maxDepth, { SubStep: [] })))).toBe(true)
  })

  it("UKSSDC steps: too deep is reported where the core reports it, in the core's words", () => {
    const value = statusReply(stepChain(CoreProgress.maxDepth + 1))
    const zod = zodIssue(Ukssdc.StatusResponse, value)
    expect(zod).toEqual(coreProblem(CoreUkssdc.StatusResponse, value))
    expect(zod.path).toBe(
      `lc.progress.ProgressSteps[0]${".SubStep[0]".repeat(CoreProgress.maxDepth - 1)}.SubStep`
    )
    expect(zod.message).toBe(`progress steps nest deeper than the limit of ${CoreProgress.maxDepth} levels`)
  })

  it("neutral steps: the same verdict at every depth around the limit, reported at the same place", () => {
    expect(Progress.maxDepth).toBe(CoreProgress.maxDepth)
    for (let levels = 1; levels <= CoreProgress.maxDepth + 8; levels++)
      expect(zodAccepts(formats["progress-steps"], progressChain(levels)), `${levels}`).toBe(
        coreAccepts(formats["progress-steps"], progressChain(levels))
      )
    const value = progressChain(CoreProgress.maxDepth + 1)
    expect(zodIssue(Progress.Steps, value)).toEqual(coreProblem(CoreProgress.Steps, value))
  })

  it("TOO results: the same verdict at every depth around the limit, reported at the same place", () => {
    expect(Too.maxResultNesting).toBe(CoreToo.maxResultNesting)
    const verdicts = []
    for (let levels = 1; levels <= 40; levels++) {
      const zod = zodAccepts(formats["too-envelope"], chainedResults(levels))
      expect(zod, `${levels}`).toBe(coreAccepts(formats["too-envelope"], chainedResults(levels)))
      verdicts.push(zod)
    }
    // Each result is two levels of JSON (the envelope and its api_data): 32 results fit in 64 levels.
    expect(verdicts.indexOf(false)).toBe(32)
    // A broken known envelope is one issue whose message names the first problem and where it is.
    const core = coreProblem(CoreToo.Envelope, chainedResults(33))
    expect(core.path).toBe("api_data.result")
    expect(zodIssue(Too.Envelope, chainedResults(33)).message).toBe(
      `Invalid Swift_TOO_Status envelope: at ${core.path}: ${core.message}`
    )
  })
})
