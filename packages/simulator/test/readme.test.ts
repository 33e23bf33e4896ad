import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { runReadmeExample } from "../../../test-support/readmeExample.js"
import * as Faults from "../src/faults/index.js"
import { started } from "./support/simulator.js"

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")

describe("README", () => {
  it("starts with an example that runs and prints what its comments say", async () => {
    // The package's own sources stand in for the published package, which needs a build.
    const { logged } = await runReadmeExample(new URL("../", import.meta.url), {
      replace: [['from "@jobscope/simulator"', 'from "../src/index.js"']]
    })
    expect(logged).toEqual([
      [503, 200],
      ["created", { "tom.status": 3 }]
    ])
  })

  it("names every route the simulator answers", async () => {
    const sim = await started()
    for (const route of sim.routes) {
      if (route.name.startsWith("sim.")) expect(readme).toContain(route.pattern)
      else expect(readme).toContain(`\`${route.name}\``)
    }
  })

  it("shows the fault spec as the command's help does", () => {
    expect(readme).toContain(Faults.specHelp)
  })
})
