import { describe, expect, it } from "@effect/vitest"
import { runExample } from "./support/runExample.js"

describe("the fetch page", () => {
  it("follows a TOM pipeline to its end, printing its log once, in order, as it grows", async () => {
    const logged = await runExample("fetch.ts")
    expect(logged.at(-1)).toEqual(["succeeded"])
    const lines = logged.slice(0, -1).flatMap(([text]) => String(text).split("\n"))
    expect(lines.some((line) => line.startsWith("will retry:"))).toBe(false)
    const frames = lines.filter((line) => line.startsWith("Reducing frame "))
    expect(lines.slice(0, 2)).toEqual([
      "Copying 13 files to a temporary directory",
      "Running astrosource on 13 files"
    ])
    expect(frames).toEqual(Array.from({ length: 13 }, (_, index) => `Reducing frame ${index + 1} of 13`))
    expect(lines.at(-1)).toBe("Saving outputs")
    // More than one poll saw the log grow: it was followed, not read once at the end.
    expect(logged.length).toBeGreaterThan(3)
  })
})
