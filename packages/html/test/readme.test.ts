import { describe, expect, it } from "@effect/vitest"
import { runReadmeExample } from "../../../test-support/readmeExample.js"

describe("README", () => {
  it("starts with an example that runs and prints what its comment says", async () => {
    const { example, logged } = await runReadmeExample(new URL("../", import.meta.url))
    const printed = /^\/\/ (.*)$/m.exec(example)?.[1]
    expect(printed, "the example must say what it prints").toBeDefined()
    // The legacy markup ends a progress report with a newline, which a comment cannot show.
    expect(logged.map(([line]) => String(line).trimEnd())).toEqual([printed])
  })
})
