import { describe, expect, it } from "@effect/vitest"
import { Tom } from "../src/index.js"
import { fixture } from "./fixtures.js"
import { replaceAt } from "./mutation.js"

describe("Tom", () => {
  it("keeps times as UNIX seconds and a null log as null, as sent", () => {
    expect(Tom.AsyncStatusResponse.parse(fixture("tom/status-seed"))).toEqual(fixture("tom/status-seed"))
    const logs = replaceAt(fixture("tom/pipeline-running-early"), ["logs"], null)
    expect(Tom.PipelineLogs.parse(logs).logs).toBeNull()
  })

  it("refuses a time outside 1970 to 9999, or not a number, at the field", () => {
    for (const timestamp of [null, "now", 1e300, -1, 253402300800]) {
      const result = Tom.AsyncStatusResponse.safeParse(
        replaceAt(fixture("tom/status-seed"), ["timestamp"], timestamp)
      )
      expect(
        result.error?.issues.map((issue) => issue.path.join(".")),
        String(timestamp)
      ).toEqual(["timestamp"])
    }
    expect(Tom.UnixTime.safeParse(253402300799.999).success).toBe(true)
  })

  it("reads a 404 body", () => {
    expect(Tom.NotFound.parse(fixture("tom/not-found"))).toEqual({ detail: "Not found." })
  })
})
