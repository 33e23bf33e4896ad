import { describe, expect, it } from "@effect/vitest"
import { runExample } from "./support/runExample.js"

describe("the simulator page", () => {
  it("meets the fault once, then sees the light curve requested, and complete two hours later", async () => {
    const logged = await runExample("simulator.ts")
    expect(logged).toEqual([[503], ["Requested"], ["Complete", { "ukssdc.submit": 1, "ukssdc.status": 3 }]])
  })
})
