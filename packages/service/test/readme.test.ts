import { describe, expect, it } from "@effect/vitest"
import { runReadmeExample } from "../../../test-support/readmeExample.js"

describe("README", () => {
  it("starts with an example that runs and prints what the README says", async () => {
    const { readme, logged } = await runReadmeExample(new URL("../", import.meta.url))
    expect(logged).toEqual([[true], [false]])
    expect(readme).toContain("prints `true`, then `false`.")
  })
})
