import { describe, expect, it } from "@effect/vitest"
import { read } from "./support/guides.js"
import { runExample } from "./support/runExample.js"

describe("the zod page", () => {
  it("checks a good reply into a finished snapshot, and lists the issues of a bad one", async () => {
    const logged = await runExample("zod.ts")
    expect(logged).toEqual([
      ["target/51", "succeeded"],
      [["timestamp: Invalid input: expected number, received string"]]
    ])
    const page = read("packages/zod.md")
    expect(page).toContain("`target/51 succeeded`")
    expect(page).toContain("`[ 'timestamp: Invalid input: expected number, received string' ]`")
  })
})
