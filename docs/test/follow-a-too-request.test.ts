import { describe, expect, it } from "@effect/vitest"
import { runExample } from "./support/runExample.js"

describe("following a TOO request through its life", () => {
  it("prints each stage once, in order, then the observations and the links to their data", async () => {
    const lines = (await runExample("follow-a-too-request.ts")).map((args) => String(args[0]))
    const stages = lines.flatMap((line) => /^Swift TOO request \d+: (.+)$/.exec(line)?.[1] ?? [])
    const order = ["Approved", "Scheduled", "Observing", "Observed", "Data available"]
    // Polls sample the life, so a stage may be skipped, but never repeated or reversed; it ends with the data.
    expect(stages).toEqual(order.filter((stage) => stages.includes(stage)))
    expect(stages.at(-1)).toBe("Data available")
    expect(lines).toContain("  TOO id")
    expect(lines.filter((line) => /^ {2}Observation \d{11}$/.test(line))).toHaveLength(3)
    expect(
      lines.filter((line) =>
        /^ {2}Data of observation \d{11} http:\/\/127\.0\.0\.1:\d+\/FTP\/swift\/data\/obs\//.test(line)
      )
    ).toHaveLength(3)
  })
})
