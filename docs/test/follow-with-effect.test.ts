import { describe, expect, it } from "@effect/vitest"
import { runExample } from "./support/runExample.js"

describe("getting started: following a job with Effect", () => {
  it("waits for the job's end and prints its outcome and how many polls it took", async () => {
    const logged = await runExample("follow-with-effect.ts")
    expect(logged).toHaveLength(1)
    const [summary] = logged[0]!
    expect(summary).toMatch(/^job 1: succeeded after \d+ polls$/)
    // A 10–30 minute job at a 10 s floor: more than one poll, fewer than polling at the floor throughout.
    const polls = Number(/after (\d+) polls/.exec(String(summary))?.[1])
    expect(polls).toBeGreaterThan(1)
    expect(polls).toBeLessThan(180)
  })
})
