import { describe, expect, it } from "@effect/vitest"
import { runReadmeExample } from "../../../test-support/readmeExample.js"

describe("README", () => {
  it("starts with an example that uses no Effect, runs, and prints what its comments say", async () => {
    const { example, logged } = await runReadmeExample(new URL("../", import.meta.url))
    expect(example).not.toMatch(/from "effect/)
    const commented = [...example.matchAll(/console\.log\(.*\) \/\/ (.*)$/gm)].map((match) => match[1])
    expect(commented).toEqual([
      "00:20:40",
      "Spectrum running { current: 14, total: 156 }",
      "[ 'spec.statusCode', 'spec.statusText' ]"
    ])
    expect(logged).toEqual([
      ["00:20:40"],
      ["Spectrum", "running", { current: 14, total: 156 }],
      [["spec.statusCode", "spec.statusText"]]
    ])
  })
})
