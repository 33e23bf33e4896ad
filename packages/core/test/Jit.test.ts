import { describe, expect, it } from "@effect/vitest"
import { DecodeError, Tom, Too, Ukssdc } from "@jobscope/core"
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

/** TOM status replies, and broken variants of the later one. */
const tomReplies = (): ReadonlyArray<unknown> => {
  const later = () => fixture("tom", "status-later") as { processes: Array<Record<string, unknown>> }
  const brokenCreated = later()
  brokenCreated.processes[0]!.created = -1
  const brokenStatus = later()
  brokenStatus.processes[1]!.status = null
  return [fixture("tom", "status-seed"), later(), brokenCreated, brokenStatus, { timestamp: "now" }, []]
}

/** Every TOO fixture, and the fetched result with a broken window. */
const tooReplies = (): ReadonlyArray<unknown> => {
  const broken = fixture("too", "status-fetchresult") as {
    api_data: { result: { api_data: { windows: Array<{ api_data: Record<string, unknown> }> } } }
  }
  broken.api_data.result.api_data.windows[0]!.api_data.begin = "2021-02-30 00:00:00"
  return [...fixtureNames("too").map((name) => fixture("too", name)), broken, "<html>error</html>"]
}

describe("Jit", () => {
  it("decodes exactly as the interpreter does, successes and failures alike", () => {
    const decoders = () =>
      [
        [DecodeError.decodeUnknown(Ukssdc.StatusResponse, "reply"), replies()],
        [DecodeError.decodeUnknown(Tom.AsyncStatusResponse, "reply"), tomReplies()],
        [DecodeError.decodeUnknown(Too.Envelope, "reply"), tooReplies()]
      ] as const
    const decodeAll = () =>
      decoders().map(([decode, inputs]) =>
        inputs.map((reply) => decode(reply as never) as Result.Result<unknown, DecodeError.DecodeError>)
      )
    const before = decodeAll()
    const interpreted = DecodeError.decodeUnknown(Ukssdc.StatusResponse, "reply")
    enable()
    const after = decodeAll()
    expect(after).toEqual(before)
    expect(before[0]!.filter(Result.isSuccess)).toHaveLength(6)
    expect(before[1]!.filter(Result.isSuccess)).toHaveLength(2)
    expect(before[2]!.filter(Result.isFailure)).toHaveLength(2)
    const full = fixture("ukssdc", "status-full")
    expect(Schema.decodeUnknownSync(Ukssdc.StatusResponse)(full)).toEqual(
      Result.getOrThrow(interpreted(full))
    )
  })
})
