import { describe, expect, it } from "@effect/vitest"
import { runExample } from "./support/runExample.js"

/** The order of a UKSSDC product's phases. */
const order = ["pending", "queued", "waiting", "running", "succeeded"]

describe("getting started: following a job with Promises", () => {
  it("prints each product's changes of phase, in lifecycle order, ending in success", async () => {
    const logged = await runExample("follow-with-promises.ts")
    const phases = new Map<string, Array<string>>()
    for (const [task, phase] of logged)
      phases.set(String(task), [...(phases.get(String(task)) ?? []), String(phase)])
    expect([...phases.keys()].sort()).toEqual(["lc", "spec"])
    for (const [task, seen] of phases) {
      expect(seen.at(-1), task).toBe("succeeded")
      expect(
        seen.map((phase) => order.indexOf(phase)),
        task
      ).toEqual([...seen.map((phase) => order.indexOf(phase))].sort((a, b) => a - b))
      expect(new Set(seen).size, `${task} reports each phase once`).toBe(seen.length)
    }
  })
})
