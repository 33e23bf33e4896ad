import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Html } from "@jobscope/html"
import { cases } from "./cases.js"

// UPDATE_GOLDEN=1 rewrites the expected files from the current output; read the diff before committing it.
const update = process.env.UPDATE_GOLDEN === "1"

describe("golden fixtures", () => {
  it("covers every UKSSDC status, TOO and TOM seed fixture", () => {
    const prefixes = new Set(cases.map(({ name }) => name.split("-")[0]))
    expect([...prefixes].sort()).toEqual(["tom", "too", "ukssdc"])
    expect(cases.length).toBe(29)
  })

  for (const mode of ["legacy", "semantic"] as const) {
    describe(`${mode} mode`, () => {
      for (const { name, directory, snapshot } of cases) {
        it(name, () => {
          const path = `${directory}expected.${mode}.html`
          const html = `${Html.render(snapshot, { mode })}\n`
          if (update) writeFileSync(path, html)
          expect(existsSync(path), `${path} is missing; run with UPDATE_GOLDEN=1`).toBe(true)
          expect(html).toBe(readFileSync(path, "utf8"))
        })
      }
    })
  }
})
