import { describe, expect, it } from "@effect/vitest"
import { Ukssdc } from "@jobscope/core"
import { sixProducts } from "../../src/ukssdc/Examples.js"
import { served, user } from "./served.js"

describe("Ukssdc.sixProducts", () => {
  it("is a job the product builder accepts, asking for every product but source detection", async () => {
    const sim = await served()
    const reply = sim.ukssdc.submit({ ...sixProducts, UserID: user })
    expect(reply.OK).toBe(1)
    const job = sim.ukssdc.jobs()[0]!
    expect(new Set(job.products.map((product) => product.product))).toEqual(
      new Set(Ukssdc.ProductKind.literals.filter((product) => product !== "sourceDet"))
    )
  })
})
