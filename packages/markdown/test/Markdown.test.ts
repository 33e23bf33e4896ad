import { describe, expect, it } from "@effect/vitest"
import { Job, KnownSources, Lifecycle, Progress, Renderer, Source, Ukssdc } from "@jobscope/core"
import { Markdown } from "@jobscope/markdown"
import * as Arbitrary from "effect/Arbitrary"
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import { hostileText } from "./hostileText.js"
import { nodes, parse, shown } from "./mdast.js"
import { expectReport } from "./report.js"

const observedAt = new Date("2021-03-16T09:05:00.000Z")

const complex = Ukssdc.toSnapshot(
  Schema.decodeUnknownSync(Ukssdc.StatusResponse)({
    OK: 1,
    JobID: 1,
    lc: { statusCode: 4, statusText: "Complete", progress: { GotProgress: 0 } },
    spec: {
      statusCode: 3,
      statusText: "Running",
      progress: {
        GotProgress: 1,
        PreProgress: "Using <em>all</em> snapshots:",
        TimeRunning: "00:20:40",
        ProgressSteps: [
          { StepLabel: "Prepare data.", StepStatus: 2 },
          {
            StepLabel: "Build spectra.",
            StepStatus: 1,
            StepExtra: "Working on spectrum: Obs_1 (14/156)",
            SubStep: [
              { StepLabel: "Extract data.", StepStatus: 2 },
              { StepLabel: "Fit spectrum.", StepStatus: 1 }
            ]
          }
        ]
      }
    }
  }) as Ukssdc.StatusOk,
  { observedAt }
)

/** A snapshot with hostile text in every field a server fills. */
const withText = (snapshot: Job.Snapshot, texts: ReadonlyArray<string>): Job.Snapshot => {
  let index = 0
  const text = () => texts[index++ % texts.length]!
  const steps = (list: Progress.Steps): Progress.Steps =>
    list.map((step) => ({
      ...step,
      label: text(),
      ...(step.extra === undefined ? {} : { extra: text() }),
      children: steps(step.children)
    }))
  return {
    ...snapshot,
    source: text(),
    jobId: text(),
    label: text(),
    url: text(),
    tasks: snapshot.tasks.map((task) => ({
      ...task,
      label: text(),
      text: text(),
      code: typeof task.code === "string" ? text() : task.code,
      ...(task.steps === undefined ? {} : { steps: steps(task.steps) }),
      ...(task.stepsNote === undefined ? {} : { stepsNote: text() }),
      ...(task.logs === undefined ? {} : { logs: text() }),
      ...(task.message === undefined ? {} : { message: text() }),
      ...(task.warnings === undefined ? {} : { warnings: task.warnings.map(text) }),
      ...(task.url === undefined ? {} : { url: text() }),
      outputs: [
        { id: "hostile", label: text(), url: text() },
        { id: "archive", label: text(), url: `https://archive.example.org/${index}.tar.gz?a=1&b=<x>` },
        { id: "script", label: text(), url: "javascript:alert(1)" },
        { id: "relative", label: text(), url: `/products/${index}` },
        { id: "id", label: text(), value: { _tag: "Identifier", value: text() } },
        ...(task.outputs ?? []).map((output, at) => ({ ...output, id: `arbitrary ${at}`, label: text() }))
      ]
    }))
  }
}

/** Step trees up to `depth` levels below the top, in every state, with and without extra text and counters. */
const stepTree = (depth: number): Arbitrary.Arbitrary<Progress.Step> =>
  Arbitrary.all({
    label: Arbitrary.schema(Schema.String),
    state: Arbitrary.schema(Progress.State),
    extra: Arbitrary.schema(Schema.UndefinedOr(Schema.String)),
    counter: Arbitrary.schema(Schema.UndefinedOr(Progress.Counter)),
    children: depth === 0 ? Arbitrary.Constant([]) : Arbitrary.array(stepTree(depth - 1), { maxLength: 3 })
  }).pipe(
    Arbitrary.map(({ extra, counter, ...step }) => ({
      ...step,
      ...(extra === undefined ? {} : { extra }),
      ...(counter === undefined ? {} : { counter })
    }))
  )

/** Any snapshot the schema allows, its tasks given step trees (some empty), and hostile text in every field. */
const hostileSnapshot = Arbitrary.all([
  Arbitrary.schema(Job.Snapshot),
  Arbitrary.array(Arbitrary.array(stepTree(3), { maxLength: 4 }), { minLength: 1, maxLength: 3 }),
  Arbitrary.array(hostileText, { minLength: 1, maxLength: 12 })
]).pipe(
  Arbitrary.map(([snapshot, trees, texts]) =>
    withText(
      {
        ...snapshot,
        tasks: snapshot.tasks.map((task, index) => ({ ...task, steps: trees[index % trees.length]! }))
      },
      texts
    )
  )
)

const options = Arbitrary.schema(
  Schema.Struct({
    headingLevel: Schema.Literals([1, 2, 3, 4, 5]),
    icons: Schema.Boolean,
    summary: Schema.Boolean,
    serverClock: Schema.Literals(["server", "simulator"])
  })
).pipe(Arbitrary.map((chosen) => ({ ...chosen, sources: Markdown.defaults.sources })))

describe("Markdown.render", () => {
  it("says which clock each time is on, as a parser reads the report", () => {
    const snapshot: Job.Snapshot = {
      source: "too",
      jobId: "1001",
      tasks: [
        {
          id: "request",
          label: "Visibility query",
          phase: "succeeded",
          code: "Accepted",
          text: "Accepted",
          startedAt: new Date("2026-03-15T00:00:09Z"),
          finishedAt: new Date("2026-03-15T00:00:20Z"),
          outputs: [
            {
              id: "windows",
              label: "Visibility windows",
              value: {
                _tag: "Windows",
                windows: [{ begin: new Date("2026-03-15T00:00:00Z"), end: new Date("2026-03-15T01:30:00Z") }]
              }
            }
          ]
        }
      ],
      observedAt: new Date("2026-12-07T18:58:15Z")
    }
    const tree = parse(Markdown.render(snapshot, { serverClock: "simulator", summary: false }))
    const texts = nodes(tree)
      .filter((node) => node.type === "paragraph" || node.type === "tableCell")
      .map(shown)
    expect(texts[0]).toContain("As of 2026-12-07 18:58:15 UTC (your clock)")
    expect(texts).toContain(
      "✅ succeeded · Accepted · started 2026-03-15 00:00:09 UTC · finished 2026-03-15 00:00:20 UTC (simulator clock)"
    )
    expect(texts.slice(-6)).toEqual([
      "Begin (simulator clock)",
      "End",
      "Duration",
      "2026-03-15 00:00:00 UTC",
      "2026-03-15 01:30:00 UTC",
      "1 h 30 min"
    ])
  })

  it.prop(
    "keeps any snapshot's structure and text, with hostile strings in every field",
    [hostileSnapshot, options],
    ([snapshot, chosen]) => expectReport(snapshot, Markdown.render(snapshot, chosen), chosen),
    { timeout: 60_000, arbitrary: { runs: 200 } }
  )

  it.prop(
    "keeps the structure of any snapshot the schema allows",
    [Job.Snapshot],
    ([snapshot]) => expectReport(snapshot, Markdown.render(snapshot), Markdown.defaults),
    { timeout: 60_000, arbitrary: { runs: 100 } }
  )

  it("nests steps as deep as the core allows, one list per level", () => {
    let step = Progress.make("leaf", "active")
    for (let level = 1; level < Progress.maxDepth; level++)
      step = Progress.make(`level ${level}`, "active", { children: [step] })
    const snapshot: Job.Snapshot = {
      source: "ukssdc",
      jobId: "1",
      observedAt,
      tasks: [{ id: "lc", label: "Light curve", phase: "running", code: 3, text: "Running", steps: [step] }]
    }
    const markdown = Markdown.render(snapshot)
    expectReport(snapshot, markdown, Markdown.defaults)
    expect(nodes(parse(markdown)).filter((node) => node.type === "list")).toHaveLength(Progress.maxDepth)
  })

  it("shows a log verbatim behind a fence longer than its longest backtick run", () => {
    const logs = "step 1\n```\n````` not the end\n\r\nlast\n"
    const snapshot: Job.Snapshot = {
      source: "tom",
      jobId: "pipeline/52",
      observedAt,
      tasks: [{ id: "p", label: "p", phase: "running", code: "running", text: "running", logs }]
    }
    const markdown = Markdown.render(snapshot)
    expect(markdown).toContain("\n``````text\nstep 1\n```\n````` not the end\n\nlast\n``````")
    expectReport(snapshot, markdown, Markdown.defaults)
  })

  it("follows the options: heading level, no icons, no summary table", () => {
    const markdown = Markdown.render(complex, { headingLevel: 1, icons: false, summary: false })
    expect(markdown.split("\n\n").slice(0, 4)).toEqual([
      "# UKSSDC job 1",
      "As of 2021-03-16 09:05:00 UTC (your clock) · 2 tasks: 1 succeeded, 1 running",
      "## Light curve",
      "**succeeded** · Complete (code 4)"
    ])
    expect(markdown).not.toMatch(/[✅🔄⏳]|\| Task \|/u)
  })

  it("titles a job by the Source of its registry, so a new API's job is named by its own Source", () => {
    const uws = Source.make({ id: "uws", name: "UWS", lifecycle: Lifecycle.generic })
    const snapshot: Job.Snapshot = { source: "uws", jobId: "j-17", observedAt, tasks: [] }
    expect(Markdown.render(snapshot).split("\n")[0]).toBe("## ⏳ uws job j-17")
    const sources = Source.register(KnownSources.registry, uws)
    expect(Markdown.render(snapshot, { sources }).split("\n")[0]).toBe("## ⏳ UWS job j-17")
  })

  it("links an output only where the link works wherever the report is read, never to a script", () => {
    const outputs: ReadonlyArray<Job.Output> = [
      { id: "archive", label: "Light curve archive", url: "https://www.swift.ac.uk/x/lc.tar.gz" },
      { id: "group", label: "Data products", url: "/dataproducts/group/38/" },
      { id: "script", label: "[click](javascript:alert(1))", url: "javascript:alert(1)" }
    ]
    const snapshot = (url?: string): Job.Snapshot => ({
      source: "tom",
      jobId: "pipeline/52",
      observedAt,
      ...(url === undefined ? {} : { url }),
      tasks: [{ id: "p", label: "p", phase: "succeeded", code: "finished", text: "finished", outputs }]
    })
    const links = (markdown: string) =>
      nodes(parse(markdown)).flatMap((node) => (node.type === "link" ? [node.url] : []))
    expect(links(Markdown.render(snapshot()))).toEqual(["https://www.swift.ac.uk/x/lc.tar.gz"])
    expect(links(Markdown.render(snapshot("https://tom.example.org/targets/7/")))).toEqual([
      "https://www.swift.ac.uk/x/lc.tar.gz",
      "https://tom.example.org/dataproducts/group/38/"
    ])
    expect(Markdown.render(snapshot())).toContain(
      "- Data products: /dataproducts/group/38/\n- \\[click\\](javascript:alert(1)): javascript:alert(1)"
    )
  })

  it("renders one node of a snapshot on its own", () => {
    const spec = complex.tasks[1]!
    const markdown = Markdown.render({ type: "steps", task: spec, steps: spec.steps! })
    expect(markdown).toBe(
      [
        "- [x] Prepare data.",
        "- [ ] **Build spectra.** — Working on spectrum: Obs_1 (14/156)",
        "  - [x] Extract data.",
        "  - [ ] **Fit spectrum.**"
      ].join("\n")
    )
  })

  it("shows a counter when a step has one but no extra text", () => {
    const task = complex.tasks[1]!
    const steps = [Progress.make("Build spectra.", "active", { counter: { current: 3, total: 10 } })]
    expect(Markdown.render({ type: "steps", task, steps })).toBe("- [ ] **Build spectra.** — 3 of 10")
  })

  it("lets a user replace one handler, or wrap one, and keep the rest", () => {
    const terse = Renderer.make(
      Renderer.extend(Markdown.defaultHandlers, { elapsed: () => "" }, (base) => ({
        status: (node, state) => `${base.status(node, state)} · product \`${node.task.id}\``
      })),
      Markdown.defaults
    )
    expect(terse(complex)).toBe(
      Markdown.render(complex)
        .replace("\n\n**Running time:** 20 min 40 s", "")
        .replace("Complete (code 4)", "Complete (code 4) · product `lc`")
        .replace("Running (code 3)", "Running (code 3) · product `spec`")
    )
  })

  it("leaves out what a handler renders as nothing, keeping the list tight", () => {
    const task = complex.tasks[1]!
    const steps = [
      Progress.make("a", "done"),
      Progress.make("b", "active", { children: [Progress.make("b1", "pending")] }),
      Progress.make("c", "pending")
    ]
    const upcoming = Renderer.make(
      Renderer.extend(Markdown.defaultHandlers, (base) => ({
        step: (node, state) => (node.step.state === "pending" ? "" : base.step(node, state))
      })),
      Markdown.defaults
    )
    expect(upcoming({ type: "steps", task, steps })).toBe("- [x] a\n- [ ] **b**")
  })

  it("says how long a task ran, from the server's count or its start and finish", () => {
    const task: Job.Task = {
      id: "t",
      label: "t",
      phase: "succeeded",
      code: "created",
      text: "created",
      startedAt: new Date("2019-08-02T10:09:46.490Z"),
      finishedAt: new Date("2019-08-02T11:12:50.163Z")
    }
    const table = (tasks: ReadonlyArray<Job.Task>) =>
      Markdown.render({ source: "tom", jobId: "target/7", observedAt, tasks })
        .split("\n")
        .filter((line) => line.startsWith("| t |"))
    expect(table([task])).toEqual(["| t | ✅ succeeded | created |  | 1 h 3 min 3 s |"])
    expect(table([{ ...task, elapsed: Duration.millis(350) }])).toEqual([
      "| t | ✅ succeeded | created |  | 350 ms |"
    ])
    expect(table([{ ...task, finishedAt: new Date("2019-08-01T00:00:00Z") }])).toEqual([
      "| t | ✅ succeeded | created |  |  |"
    ])
  })
})
