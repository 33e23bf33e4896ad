import { describe, expect, it } from "@effect/vitest"
import { runReadmeExample } from "../../../test-support/readmeExample.js"

describe("README", () => {
  it("starts with an example that runs and prints what its comment says", async () => {
    const { logged } = await runReadmeExample(new URL("../", import.meta.url), {
      // The package's own sources stand in for the published package, which needs a build.
      replace: [['from "@jobscope/fetch"', 'from "../src/index.js"']]
    })
    expect(logged).toEqual([["succeeded", "Swift_VisQuery"]])
  })
})
