import { describe, expect, it } from "@effect/vitest"
import { read } from "./support/guides.js"
import { runExample } from "./support/runExample.js"

describe("the service page", () => {
  it("runs its webhook receiver: a delivery verified once, its repeat dropped, a forgery refused", async () => {
    const logged = await runExample("service.ts")
    expect(logged).toEqual([
      ["event", 4, "WatchEnded"],
      ["status", 204],
      ["status", 204],
      ["status", 401]
    ])
    expect(read("service.md")).toContain("event 4 WatchEnded\nstatus 204\nstatus 204\nstatus 401")
  })
})
