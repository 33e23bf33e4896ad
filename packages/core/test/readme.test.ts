import { describe, expect, it } from "@effect/vitest"
import { runReadmeExample } from "../../../test-support/readmeExample.js"

describe("README", () => {
  it("starts with an example that runs and prints what its comments say", async () => {
    const { logged } = await runReadmeExample(new URL("../", import.meta.url))
    expect(logged).toEqual([["Spectrum", "running", { current: 14, total: 156 }], [false]])
  })
})
