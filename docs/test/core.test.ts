import { describe, expect, it } from "@effect/vitest"
import { read } from "./support/guides.js"
import { runExample } from "./support/runExample.js"

describe("the core's page", () => {
  it("runs its example, which prints what the page says it prints", async () => {
    const logged = await runExample("core.ts")
    expect(logged).toEqual([
      ["lc", "queued", "→", "succeeded"],
      ["spec", "Build spectra.", { current: 15, total: 156 }],
      [false, undefined],
      [
        "UKSSDC status reply: at lc.statusCode: expected a UKSSDC status code (-4 … -1, 1 … 5, or null), got 7"
      ]
    ])
    const page = read("packages/core.md")
    expect(page).toContain(
      [
        "lc queued → succeeded",
        "spec Build spectra. { current: 15, total: 156 }",
        "false undefined",
        String(logged[3]![0])
      ].join("\n")
    )
  })
})
