import { describe, expect, it } from "@effect/vitest"
import { Renderer } from "@jobscope/core"
import { Html, Legacy, Semantic } from "@jobscope/html"
import { cases } from "./cases.js"

const full = cases.find((each) => each.name === "ukssdc-status-full")!.snapshot

describe("Html.render", () => {
  it("writes semantic markup unless asked for the legacy one", () => {
    expect(Html.render(full)).toBe(Html.semantic(full))
    expect(Html.render(full, { mode: undefined })).toBe(Html.semantic(full))
    expect(Html.render(full, { mode: "semantic" })).toMatch(/^<section class="jobscope-job">/)
    expect(Html.render(full, { mode: "legacy" })).toBe(Html.legacy(full))
    expect(Html.render(full, { mode: "legacy" })).toMatch(
      /^lc status: <code>Running<\/code>\. <ul title='Steps in the lc creation'>/
    )
  })

  it("renders one node of a snapshot, such as a single task", () => {
    const spec = full.tasks.find((task) => task.id === "spec")!
    expect(Html.render({ type: "task", task: spec }, { mode: "legacy" })).toBe(
      "spec status: <code>Running</code>. <ul title='Steps in the spec creation'><li>Prepare data. <strong style='color:#0D0'>DONE</strong></li>" +
        "<li><strong>Build spectra. <span style='color:blue'>ACTIVE</span>&#8212; Working on spectrum: Obs_00081637001 (14/156)</strong>" +
        "<ul title='Steps in the Build spectra. creation'><li>Extract data. <strong style='color:#0D0'>DONE</strong></li>" +
        "<li><strong>Fit spectrum. <span style='color:blue'>ACTIVE</span></strong></li></ul></li></ul>" +
        "<p>The job has been running for 00:20:40 so far.</p>\n"
    )
  })

  it("is a Renderer whose handlers write either mode, as render does", () => {
    const again = Renderer.make(Html.render.handlers, Html.render.defaults)
    for (const { snapshot } of cases) {
      expect(again(snapshot)).toBe(Html.render(snapshot))
      expect(again(snapshot, { mode: "legacy" })).toBe(Html.render(snapshot, { mode: "legacy" }))
    }
  })

  it("hands out each mode's handlers to build a variant on", () => {
    expect(Html.handlersOf("legacy")).toBe(Legacy.handlers)
    expect(Html.handlersOf("semantic")).toBe(Semantic.handlers)
    const noLogs = Renderer.make(
      Renderer.extend(Html.handlersOf("semantic"), { log: () => "" }),
      Html.defaults
    )
    const logs = cases.find((each) => each.name === "tom-pipeline-failed")!.snapshot
    expect(Html.render(logs)).toContain("<pre>")
    expect(noLogs(logs)).not.toContain("<pre>")
    expect(noLogs(logs)).toContain('<p class="jobscope-message">')
  })
})
