import { describe, expect, it } from "@effect/vitest"
import { type Job, KnownSources, Lifecycle, Progress, Renderer, Source } from "@jobscope/core"
import { Html } from "@jobscope/html"
import { cases } from "./cases.js"
import { parse } from "./parsed.js"

const semantic = (snapshot: Job.Snapshot, options: Partial<Html.Options> = {}) =>
  parse(Html.render(snapshot, { ...options, mode: "semantic" }))

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

  it("links only to http(s) URLs and those relative to an absolute job page, and shows the others as text", () => {
    const hrefs = (url: string) =>
      semantic(job({ url }, { url }))
        .elements.filter((element) => element.name === "a")
        .map((a) => a.attributes.href)
    expect(hrefs("https://www.swift.ac.uk/user_objects/tprods/USERPROD_14")).toEqual([
      "https://www.swift.ac.uk/user_objects/tprods/USERPROD_14",
      "https://www.swift.ac.uk/user_objects/tprods/USERPROD_14"
    ])
    // A relative page opens file:///pipeline/51 from a report on disk: not a link, but said.
    expect(hrefs("/pipeline/51?a=1&b=2")).toEqual([])
    expect(
      semantic(job({ url: "/pipeline/51?a=1&b=2" }, { url: "/pipeline/51?a=1&b=2" }))
        .elements.filter(withClass("jobscope-task-link"))
        .map((element) => [element.name, element.text])
    ).toEqual([["code", "/pipeline/51?a=1&b=2"]])
    // A task's page relative to the job's absolute page is resolved against it.
    expect(
      semantic(job({ url: "../../pipeline/51" }, { url: "https://tom.example.org/targets/7/" }))
        .elements.filter((element) => element.name === "a")
        .map((a) => a.attributes.href)
    ).toEqual(["https://tom.example.org/targets/7/", "https://tom.example.org/pipeline/51"])
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

  it("says which clock each time is on", () => {
    const times = (serverClock?: "simulator") =>
      semantic(
        job(
          { startedAt: new Date("2026-03-15T00:00:07Z") },
          { observedAt: new Date("2026-12-07T18:58:15Z") }
        ),
        serverClock === undefined ? {} : { serverClock }
      )
        .elements.filter((element) => element.name === "p")
        .map((p) => p.text)
    expect(times()).toContain("As of 2026-12-07 18:58:15 UTC (your clock).")
    expect(times()).toContain("Started 2026-03-15 00:00:07 UTC (server clock).")
    expect(times("simulator")).toContain("Started 2026-03-15 00:00:07 UTC (simulator clock).")
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

  it("titles a job by the Source the registry it is given holds, not by a switch", () => {
    const uws = Source.make({ id: "uws", name: "UWS", lifecycle: Lifecycle.generic, jobNoun: "UWS job" })
    const title = (sources?: Source.Registry) =>
      parse(
        Html.render(job({}, { source: "uws", jobId: "j-17" }), sources === undefined ? {} : { sources })
      ).elements.find(withClass("jobscope-job-title"))?.text
    expect(title()).toBe("uws job j-17")
    expect(title(Source.register(KnownSources.registry, uws))).toBe("UWS job j-17")
    const described = Source.make({ ...uws, describeJob: (id) => `archive query ${id}` })
    expect(title(Source.registry([described]))).toBe("archive query j-17")
  })

  it("links an output only where the link works, and never to a script", () => {
    const outputs: ReadonlyArray<Job.Output> = [
      { id: "archive", label: "Light curve archive", url: "https://www.swift.ac.uk/x/lc.tar.gz" },
      { id: "group", label: "Data products", url: "/dataproducts/group/38/" },
      { id: "script", label: "Click <me>", url: "javascript:alert(1)" },
      { id: "too", label: "TOO id", value: { _tag: "Identifier", value: "13860" } }
    ]
    const links = (url: string | undefined) =>
      parse(Html.render(job({ phase: "succeeded", outputs }, url === undefined ? {} : { url })))
        .elements.filter(withClass("jobscope-output"))
        .map((item) => [item.text, item.markup.startsWith("<a>")])
    expect(links(undefined)).toEqual([
      ["Light curve archive", true],
      ["Data products: /dataproducts/group/38/", false],
      ["Click <me>: javascript:alert(1)", false],
      ["TOO id: 13860", false]
    ])
    const resolved = parse(Html.render(job({ outputs }, { url: "https://tom.example.org/targets/7/" })))
      .elements.filter((element) => element.name === "a" && withClass("jobscope-output-link")(element))
      .map((link) => link.attributes.href)
    expect(resolved).toEqual([
      "https://www.swift.ac.uk/x/lc.tar.gz",
      "https://tom.example.org/dataproducts/group/38/"
    ])
    // Legacy mode makes the same choice.
    expect(Html.render(job({ outputs }), { mode: "legacy" })).toContain(
      "<li>Click &lt;me&gt; (javascript:alert(1))</li>"
    )
  })

  it("shows a position with its error circle, and windows as a table with their durations", () => {
    const parsed = semantic(caseSnapshot("ukssdc-finished-outputs"))
    expect(parsed.elements.filter(withClass("jobscope-position")).map((each) => each.text)).toEqual([
      "RA 219.28707°, Dec −62.65333° ± 3.5″",
      "RA 219.28721°, Dec −62.65318° ± 1.6″"
    ])
    const windows = semantic(caseSnapshot("too-visquery-windows"))
    const cells = windows.elements.filter((element) => element.name === "td").map((cell) => cell.text)
    expect(cells.slice(0, 3)).toEqual(["2026-12-07 00:12:31 UTC", "2026-12-07 00:36:42 UTC", "24 min 11 s"])
    expect(windows.elements.filter((element) => element.name === "th").map((cell) => cell.text)).toEqual([
      "Begin",
      "End",
      "Duration"
    ])
  })

  it("replaces one node kind in both modes through Html.defaultHandlers", () => {
    const quiet = Renderer.make(Renderer.extend(Html.defaultHandlers, { outputs: () => "" }), Html.defaults)
    const snapshot = caseSnapshot("ukssdc-finished-outputs")
    expect(Html.render(snapshot)).toContain("jobscope-outputs")
    expect(quiet(snapshot)).not.toContain("jobscope-outputs")
    expect(quiet(snapshot, { mode: "legacy" })).not.toContain("Outputs")
    expect(quiet(snapshot, { mode: "legacy" })).toContain("lc status: <code>Complete</code>.")
  })

  it("shows a time it cannot read as unknown rather than throwing", () => {
    const parsed = semantic(job({ startedAt: new Date(Number.NaN) }))
    expect(parsed.elements.find(withClass("jobscope-times"))?.text).toBe(
      "Started an unknown time (server clock)."
    )
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
