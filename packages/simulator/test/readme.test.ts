import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it, vi } from "@effect/vitest"
import * as Faults from "../src/Faults.js"
import { started } from "./support/simulator.js"

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8")
const scratch = fileURLToPath(new URL("../.readme-example/", import.meta.url))

describe("README", () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it("starts with an example that runs and prints what its comments say", async () => {
    const example = /^# [^\n]+\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(example, "the README must open with a ts example").toBeDefined()
    mkdirSync(scratch, { recursive: true })
    // The package's own sources stand in for the published package, which needs a build.
    writeFileSync(
      `${scratch}example.ts`,
      example!.replace('from "@jobscope/simulator"', 'from "../src/index.js"')
    )
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    try {
      await import(`${scratch}example.ts`)
      expect(log.mock.calls).toEqual([
        [503, 200],
        ["created", { "tom.status": 3 }]
      ])
    } finally {
      log.mockRestore()
    }
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
