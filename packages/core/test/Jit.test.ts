import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Ukssdc } from "@jobscope/core"
import { enable } from "@jobscope/core/jit"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { fixture, fixtureNames } from "./fixtures.js"

/** Replies to decode both ways: every UKSSDC status fixture, and broken variants of the full one. */
const replies = (): ReadonlyArray<unknown> => {
  const statuses = fixtureNames("ukssdc")
    .filter((name) => name.startsWith("status-") && !name.endsWith("-request"))
    .map((name) => fixture("ukssdc", name))
  /** The full reply with the value at `path` replaced (or removed, for `undefined`). */
  const broken = (path: ReadonlyArray<string | number>, value: unknown) => {
    const reply = fixture("ukssdc", "status-full") as Record<string | number, unknown>
    let parent = reply
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
    const last = path[path.length - 1]!
    if (value === undefined) delete parent[last]
    else parent[last] = value
    return reply
  }
  return [
    ...statuses,
    broken(["spec", "progress", "ProgressSteps", 1, "SubStep", 1, "StepStatus"], 7),
    broken(["lc", "progress", "TimeRunning"], "1:2:3"),
    broken(["xastrom", "statusCode"], "five"),
    broken(["image", "statusText"], undefined),
    broken(["OK"], "1"),
    "<html>error</html>",
    null
  ]
}

describe("Jit", () => {
  it("decodes exactly as the interpreter does, successes and failures alike", () => {
    const interpreted = DecodeError.decodeUnknown(Ukssdc.StatusResponse, "reply")
    const before = replies().map((reply) => interpreted(reply))
    enable()
    const compiled = DecodeError.decodeUnknown(Ukssdc.StatusResponse, "reply")
    const after = replies().map((reply) => compiled(reply))
    expect(after).toEqual(before)
    expect(before.filter(Result.isSuccess)).toHaveLength(6)
    const full = fixture("ukssdc", "status-full")
    expect(Schema.decodeUnknownSync(Ukssdc.StatusResponse)(full)).toEqual(
      Result.getOrThrow(interpreted(full))
    )
  })
})
