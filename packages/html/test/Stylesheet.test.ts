import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Stylesheet } from "@jobscope/html"
import { cases } from "./cases.js"

const classesIn = (html: string): Set<string> =>
  new Set([...html.matchAll(/class="([^"]*)"/g)].flatMap((match) => match[1]!.split(" ")))

describe("Stylesheet.css", () => {
  const selectors = Stylesheet.css
    .split("}")
    .map((rule) => rule.split("{")[0]!.trim())
    .filter((selector) => selector !== "")

  it("styles only jobscope- classes, so it cannot reach outside the fragment", () => {
    for (const group of selectors)
      for (const selector of group.split(","))
        expect(selector.trim(), `${selector} is not scoped`).toMatch(/^\.jobscope-[\w-]+/)
  })

  it("styles classes the semantic mode writes, none of them stale", () => {
    const written = new Set(
      cases.flatMap(({ directory }) => [
        ...classesIn(readFileSync(`${directory}expected.semantic.html`, "utf8"))
      ])
    )
    const styled = new Set([...Stylesheet.css.matchAll(/\.(jobscope-[\w-]+)/g)].map((match) => match[1]!))
    expect([...styled].filter((name) => !written.has(name))).toEqual([])
    for (const state of [
      "jobscope-step-done",
      "jobscope-step-active",
      "jobscope-step-pending",
      "jobscope-log"
    ])
      expect(styled.has(state), state).toBe(true)
  })
})
