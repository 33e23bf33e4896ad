import { describe, expect, it } from "@effect/vitest"
import { type Job, Progress } from "@jobscope/core"
import { Html } from "@jobscope/html"
import { cases } from "./cases.js"
import { parse } from "./parsed.js"

const semantic = (snapshot: Job.Snapshot) => parse(Html.render(snapshot, { mode: "semantic" }))

const caseSnapshot = (name: string): Job.Snapshot => {
  const found = cases.find((each) => each.name === name)
  if (found === undefined) throw new Error(`no case ${name}`)
  return found.snapshot
}

const job = (task: Partial<Job.Task>, extra: Partial<Job.Snapshot> = {}): Job.Snapshot => ({
  source: "ukssdc",
  jobId: "5",
  observedAt: new Date("2026-11-22T10:00:00.000Z"),
  tasks: [{ id: "lc", label: "Light curve", phase: "running", code: 3, text: "Running", ...task }],
  ...extra
})

const withClass = (name: string) => (element: { readonly attributes: Readonly<Record<string, string>> }) =>
  (element.attributes.class ?? "").split(" ").includes(name)

describe("semantic mode", () => {
  it("gives each task with steps a progress bar from how far its steps are", () => {
    const parsed = semantic(caseSnapshot("ukssdc-status-full"))
    const bars = parsed.elements.filter((element) => element.name === "progress")
    // lc, spec, enh, xastrom and image report steps; psf is complete and reports none.
    expect(
      bars.map((bar) => [bar.attributes["aria-label"], bar.attributes.value, bar.attributes.max])
    ).toEqual([
      ["Light curve: 0% done", "0", "100"],
      ["Spectrum: 54% done", "54", "100"],
      ["Enhanced position: 66% done", "66", "100"],
      ["Astrometric position: 25% done", "25", "100"],
      ["Image: 75% done", "75", "100"]
    ])
  })

  it("says each step's state in words and marks the active ones as current", () => {
    const parsed = semantic(caseSnapshot("ukssdc-status-complex"))
    const steps = parsed.elements.filter(withClass("jobscope-step"))
    expect(steps.map((step) => step.attributes.class)).toEqual([
      "jobscope-step jobscope-step-done",
      "jobscope-step jobscope-step-active",
      "jobscope-step jobscope-step-done",
      "jobscope-step jobscope-step-active",
      "jobscope-step jobscope-step-done",
      "jobscope-step jobscope-step-done",
      "jobscope-step jobscope-step-done",
      "jobscope-step jobscope-step-active"
    ])
    const states = parsed.elements.filter(withClass("jobscope-step-state")).map((element) => element.text)
    expect(states).toEqual([
      "done",
      "in progress",
      "done",
      "in progress",
      "done",
      "done",
      "done",
      "in progress"
    ])
    expect(steps.filter((step) => step.attributes["aria-current"] === "step")).toHaveLength(3)
  })

  it("names nested lists after their parent step", () => {
    const parsed = semantic(caseSnapshot("ukssdc-status-complex"))
    const lists = parsed.elements.filter((element) => element.name === "ul")
    expect(lists.map((list) => list.attributes["aria-label"])).toEqual([
      "Steps of Spectrum",
      "Sub-steps of Build spectra.",
      "Steps of Standard (PSF) position"
    ])
  })

  it("links only to http(s) and relative URLs", () => {
    const hrefs = (url: string) =>
      semantic(job({ url }, { url }))
        .elements.filter((element) => element.name === "a")
        .map((a) => a.attributes.href)
    expect(hrefs("https://www.swift.ac.uk/user_objects/tprods/USERPROD_14")).toEqual([
      "https://www.swift.ac.uk/user_objects/tprods/USERPROD_14",
      "https://www.swift.ac.uk/user_objects/tprods/USERPROD_14"
    ])
    expect(hrefs("/pipeline/51?a=1&b=2")).toEqual(["/pipeline/51?a=1&b=2", "/pipeline/51?a=1&b=2"])
    for (const unsafe of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "java\tscript:alert(1)",
      " javascript:x",
      "data:text/html,x",
      "vbscript:x"
    ])
      expect(hrefs(unsafe), unsafe).toEqual([])
  })

  it("shows a TOM process's failure message, times and log as written", () => {
    const parsed = semantic(caseSnapshot("tom-pipeline-failed"))
    expect(parsed.elements.find(withClass("jobscope-message"))?.text).toBe(
      "Not enough data to run astrosource: fewer than 2 frames in the r filter"
    )
    expect(parsed.elements.find((element) => element.name === "pre")?.text).toBe(
      "Copying 1 files to a temporary directory\nRunning astrosource on 1 files\n"
    )
    expect(
      parsed.elements.filter((element) => element.name === "time").map((time) => time.attributes.datetime)
    ).toEqual(["2026-11-22T10:00:00.000Z", "2019-07-30T12:26:57.602Z", "2019-08-02T10:10:42.705Z"])
  })

  it("keeps a log's own leading newline", () => {
    const parsed = semantic(job({ logs: "\n\nstarted\n" }))
    expect(parsed.elements.find((element) => element.name === "pre")?.text).toBe("\n\nstarted\n")
  })

  it("shows a TOO request's queue state and the server's warnings", () => {
    const parsed = semantic(caseSnapshot("too-status-rejected"))
    expect(parsed.elements.find(withClass("jobscope-phase"))?.text).toBe("failed")
    expect(parsed.elements.find(withClass("jobscope-status-text"))?.text).toBe("Rejected")
    expect(parsed.elements.find(withClass("jobscope-warnings"))?.text).toBe("No proposal_id given.")
    expect(semantic(caseSnapshot("too-status-queued")).elements.find(withClass("jobscope-phase"))?.text).toBe(
      "queued"
    )
  })

  it("puts headings at the level asked for, within 1–5 for the job", () => {
    const headings = (headingLevel: number) =>
      parse(Html.render(job({}), { headingLevel }))
        .elements.filter((element) => /^h\d$/.test(element.name))
        .map((element) => element.name)
    expect(headings(2)).toEqual(["h2", "h3"])
    expect(headings(4)).toEqual(["h4", "h5"])
    expect(headings(9)).toEqual(["h5", "h6"])
    expect(headings(0)).toEqual(["h1", "h2"])
    expect(headings(Number.NaN)).toEqual(["h2", "h3"])
  })

  it("names the known sources, and shows any other as it is, even one named like an object's member", () => {
    const title = (source: string) =>
      semantic(job({}, { source })).elements.find(withClass("jobscope-job-title"))?.text
    expect(title("too")).toBe("Swift TOO job 5")
    expect(title("constructor")).toBe("constructor job 5")
    expect(title("lsst")).toBe("lsst job 5")
  })

  it("shows a time it cannot read as unknown rather than throwing", () => {
    const parsed = semantic(job({ startedAt: new Date(Number.NaN) }))
    expect(parsed.elements.find(withClass("jobscope-times"))?.text).toBe("Started an unknown time.")
  })

  it("has no bar for a task whose steps list is empty, but keeps its note", () => {
    const parsed = semantic(job({ steps: [], stepsNote: "Waiting for <em>data</em>" }))
    expect(parsed.elements.filter((element) => element.name === "progress")).toEqual([])
    expect(parsed.elements.find(withClass("jobscope-note"))?.markup).toBe("Waiting for <em>data</em>")
  })

  it("counts a counter's finished items into the bar", () => {
    const steps = [Progress.make("Build spectra.", "active", { extra: "Working on spectrum (79/156)" })]
    const bar = semantic(job({ steps })).elements.find((element) => element.name === "progress")
    expect(bar?.attributes.value).toBe("50")
  })
})
