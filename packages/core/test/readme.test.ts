import { describe, expect, it } from "@effect/vitest"
import { runReadmeExample, runReadmeSection } from "../../../test-support/readmeExample.js"

/** Runs the first ```ts block under a `## heading` of the README, returning what it logged. */
const runSection = (heading: string) => runReadmeSection(new URL("../", import.meta.url), heading)

describe("README", () => {
  it("starts with an example that runs and prints what its comments say", async () => {
    const { logged } = await runReadmeExample(new URL("../", import.meta.url))
    expect(logged).toEqual([["Spectrum", "running", { current: 14, total: 156 }], [false]])
  })

  it("makes a Source of another API that judges its moves and sets its polling, as the comments say", async () => {
    expect(await runSection("Sources")).toEqual([
      ["UWS job j-17", ["PhaseChanged"]],
      ["Anomaly"],
      ["2s", "UKSSDC"]
    ])
  })

  it("decides what the polling example's comment says", async () => {
    expect(await runSection("Polling policy")).toEqual([["eta", "3m 20s", "1m"]])
  })
})
