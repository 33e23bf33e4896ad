import { describe, expect, it } from "@effect/vitest"
import { runExample } from "./support/runExample.js"

describe("the UWS and TAP page", () => {
  it("runs an ADQL query on the simulated TAP service, follows it with WAIT and reads its CSV", async () => {
    const logged = await runExample("uws.ts")
    expect(logged).toEqual([["COMPLETED", 3, "obsid,target_name"]])
  })
})
