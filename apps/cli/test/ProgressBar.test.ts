import { describe, expect, it } from "@effect/vitest"
import * as ProgressBar from "../src/ProgressBar.js"
import * as Style from "../src/Style.js"
import { withoutColours } from "./support/controls.js"

describe("ProgressBar.render", () => {
  it("fills the cells to the fraction and gives the percentage, both rounded down", () => {
    expect(ProgressBar.render(0.54, 10, Style.plain)).toBe("[█████░░░░░] 54%")
    expect(ProgressBar.render(0, 10, Style.plain)).toBe("[░░░░░░░░░░] 0%")
    expect(ProgressBar.render(1, 10, Style.plain)).toBe("[██████████] 100%")
    expect(ProgressBar.render(0.999, 10, Style.plain)).toBe("[█████████░] 99%")
    expect(ProgressBar.render(0.25, 4, Style.plain)).toBe("[█░░░] 25%")
  })

  it("is not fooled by float error", () => {
    // 0.29 × 100 is 28.999999999999996, 0.7 × 10 is 7.000000000000001.
    expect(ProgressBar.render(0.29, 100, Style.plain)).toBe(`[${"█".repeat(29)}${"░".repeat(71)}] 29%`)
    expect(ProgressBar.render(0.57, 10, Style.plain)).toBe("[█████░░░░░] 57%")
  })

  it("clamps a fraction outside 0–1", () => {
    expect(ProgressBar.render(-0.5, 4, Style.plain)).toBe("[░░░░] 0%")
    expect(ProgressBar.render(7, 4, Style.plain)).toBe("[████] 100%")
  })

  it("draws no bar for an unknown fraction", () => {
    for (const fraction of [undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(ProgressBar.render(fraction, 10, Style.plain)).toBe("")
  })

  it("gives the percentage alone when there is no room for a bar", () => {
    for (const width of [0, -3, 0.5, Number.NaN])
      expect(ProgressBar.render(0.5, width, Style.plain)).toBe("50%")
    expect(ProgressBar.render(0.5, 4.9, Style.plain)).toBe("[██░░] 50%")
  })

  it("draws with # and - when asked for ASCII", () => {
    expect(ProgressBar.render(0.5, 4, Style.plain, { ascii: true })).toBe("[##--] 50%")
    expect(withoutColours(ProgressBar.render(0.5, 4, Style.make(true), { ascii: true }))).toBe("[##--] 50%")
  })

  it("colours the done part cyan, green once complete, and the rest dim", () => {
    const colour = Style.make(true)
    expect(ProgressBar.render(0.5, 4, colour)).toBe(`[${colour.cyan("██")}${colour.dim("░░")}] 50%`)
    expect(ProgressBar.render(1, 4, colour)).toBe(`[${colour.green("████")}] 100%`)
    expect(ProgressBar.render(0, 4, colour)).toBe(`[${colour.dim("░░░░")}] 0%`)
  })
})
