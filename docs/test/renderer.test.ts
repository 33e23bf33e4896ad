import { describe, expect, it } from "@effect/vitest"
import { Elapsed, Job, Progress, Renderer } from "@jobscope/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import {
  type Cells,
  cell,
  columns,
  csv,
  csvWithEta,
  csvWithoutLogs,
  defaults,
  type Options,
  produced
} from "../examples/renderer.js"
import { parse } from "./support/csv.js"
import { observedAt, tomLogs, tomStatus, too, ukssdc } from "./support/fixtures.js"

/** Whether a spreadsheet would run a cell as a formula: it starts with =, +, -, @, tab or CR and is no number. */
const isFormula = (value: string): boolean => /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value)

/** What a spreadsheet shows for a value the renderer wrote: the value, with a `'` before a formula. */
const shown = (value: string): string => (isFormula(value) ? `'${value}` : value)

/**
 * The rows a snapshot must give, worked out from the snapshot alone (not
 * through the Renderer fold): per task its status, its progress with each
 * step at its path in reading order, the running time, message, warnings, outputs, log.
 */
const expectedRows = (snapshot: Job.Snapshot): ReadonlyArray<ReadonlyArray<string>> => {
  const rows: Array<ReadonlyArray<string>> = [[...columns]]
  for (const task of snapshot.tasks) {
    const add = (cells: Cells) => {
      const all: Cells = { job: snapshot.jobId, task: task.id, ...cells }
      rows.push(columns.map((column) => shown(String(all[column] ?? ""))))
    }
    add({ row: "status", state: task.phase, code: task.code, text: task.text })
    if (task.steps !== undefined || task.stepsNote !== undefined) {
      const { done, total } = Progress.counts(task.steps ?? [])
      add({ row: "progress", done, total })
      if (task.stepsNote !== undefined) add({ row: "note", text: task.stepsNote.replace(/<[^>]*>/g, "") })
      const walk = (steps: Progress.Steps, above: ReadonlyArray<string>) => {
        for (const step of steps) {
          const path = [...above, step.label]
          const counter = { done: step.counter?.current, total: step.counter?.total }
          add({ row: "step", step: path.join(" / "), state: step.state, text: step.extra, ...counter })
          walk(step.children, path)
        }
      }
      walk(task.steps ?? [], [])
    }
    if (task.elapsed !== undefined) add({ row: "elapsed", text: Elapsed.format(task.elapsed) })
    if (task.message !== undefined) add({ row: "message", text: task.message })
    for (const warning of task.warnings ?? []) add({ row: "warning", text: warning })
    for (const output of task.outputs ?? [])
      add({ row: "output", text: output.url === undefined ? output.label : `${output.label} ${output.url}` })
    if (task.logs !== undefined) add({ row: "log", text: task.logs })
  }
  return rows
}

/** Pieces of text that break CSV, or that a spreadsheet would run, if they were not escaped. */
const hostilePieces = [
  ",",
  ";",
  "\t",
  '"',
  '""',
  "\r\n",
  "\n",
  "\r",
  "=SUM(A1:A9)",
  '=HYPERLINK("http://x")',
  "+1",
  "-2",
  "@cmd",
  "'",
  "a",
  " ",
  "é",
  "🚀",
  "<em>x</em>",
  "-3"
]

const hostileText = Arbitrary.array(Arbitrary.schema(Schema.Literals(hostilePieces)), { maxLength: 6 }).pipe(
  Arbitrary.map((pieces) => pieces.join(""))
)

/** A snapshot with hostile text in every field a server fills. */
const hostileSnapshot = Arbitrary.all([
  Arbitrary.schema(Job.Snapshot),
  Arbitrary.array(hostileText, { minLength: 7, maxLength: 7 })
]).pipe(
  Arbitrary.map(
    ([snapshot, [jobId, label, text, extra, message, warning, logs]]): Job.Snapshot => ({
      ...snapshot,
      jobId: jobId!,
      tasks: snapshot.tasks.map((task) => ({
        ...task,
        label: label!,
        text: text!,
        code: text!,
        message: message!,
        warnings: [warning!, warning!],
        logs: logs!,
        stepsNote: extra!,
        steps: [
          Progress.make(label!, "active", { extra: extra!, children: [Progress.make(text!, "pending")] })
        ]
      }))
    })
  )
)

describe("the CSV renderer of the guide", () => {
  it("writes the seed's complex UKSSDC status as one row per status, step and running time", () => {
    expect(csv(ukssdc("status-complex")).split("\r\n")).toEqual([
      "job,task,row,step,state,code,text,done,total",
      "1,lc,status,,running,3,Running,,",
      "1,spec,status,,running,3,Running,,",
      "1,spec,progress,,,,,1,2",
      "1,spec,step,Prepare data.,done,,,,",
      "1,spec,step,Build spectra.,active,,Working on spectrum: Obs_00081637001 (14/156),14,156",
      "1,spec,step,Build spectra. / Extract data.,done,,,,",
      "1,spec,step,Build spectra. / Fit spectrum.,active,,,,",
      "1,spec,elapsed,,,,00:20:40,,",
      "1,psf,status,,running,3,Running,,",
      "1,psf,progress,,,,,3,4",
      "1,psf,step,Collect data.,done,,,,",
      "1,psf,step,Sum images and exposure maps.,done,,,,",
      "1,psf,step,Perform detection with locally-estimated background,done,,,,",
      "1,psf,step,Perform PSF fit.,active,,,,",
      "1,psf,elapsed,,,,00:00:54,,",
      ""
    ])
  })

  const seeds: ReadonlyArray<readonly [string, Job.Snapshot]> = [
    ...["status-basic", "status-complex", "status-full", "status-extras", "status-nonexistent-products"].map(
      (name) => [`UKSSDC ${name}`, ukssdc(name)] as const
    ),
    ...[
      "status-queued",
      "status-processing",
      "status-rejected",
      "visquery-accepted",
      "too-request-accepted"
    ].map((name) => [`TOO ${name}`, too(name)] as const),
    ["TOM status-later", tomStatus("status-later")],
    ...["pipeline-running-later", "pipeline-failed", "pipeline-finished"].map(
      (name) => [`TOM ${name}`, tomLogs(name)] as const
    )
  ]

  it.each(seeds)("reads back, as a spreadsheet would, every row of %s", (_, snapshot) => {
    expect(parse(csv(snapshot))).toEqual(expectedRows(snapshot))
  })

  it("quotes the TOM log, which spans lines, and keeps the TOO errors and warnings", () => {
    const log = parse(csv(tomLogs("pipeline-failed"))).find((row) => row[2] === "log")
    expect(log?.[6]).toBe("Copying 1 files to a temporary directory\nRunning astrosource on 1 files\n")
    const rejected = parse(csv(too("status-rejected")))
    expect(rejected.filter((row) => row[2] === "warning").map((row) => row[6])).toEqual([
      "No proposal_id given."
    ])
    expect(rejected.find((row) => row[2] === "message")?.[6]).toContain("within 46 degrees of the Sun")
  })

  it.prop(
    "reads back any snapshot the schema allows, row for row",
    [Job.Snapshot],
    ([snapshot]) => {
      expect(parse(csv(snapshot))).toEqual(expectedRows(snapshot))
    },
    { timeout: 60_000, arbitrary: { runs: 100 } }
  )

  it.prop(
    "keeps delimiters, quotes and line breaks inside their cells, and disarms formulas",
    [hostileSnapshot, Arbitrary.schema(Schema.Literals([",", ";", "\t"]))],
    ([snapshot, delimiter]) => {
      const rows = parse(csv(snapshot, { delimiter }), delimiter)
      expect(rows).toEqual(expectedRows(snapshot))
      for (const row of rows) for (const value of row) expect(isFormula(value), value).toBe(false)
    },
    { timeout: 60_000, arbitrary: { runs: 200 } }
  )

  it("leaves numbers alone: a UKSSDC failure code -3 stays a number", () => {
    expect(cell("-3", defaults)).toBe("-3")
    expect(cell("-3 frames", defaults)).toBe("'-3 frames")
    expect(cell("=1+1", { ...defaults, guardFormulas: false })).toBe("=1+1")
    expect(cell('say "hi", then go', defaults)).toBe('"say ""hi"", then go"')
  })

  it("takes options per call over its defaults", () => {
    const snapshot = ukssdc("status-basic")
    const options: Partial<Options> = { delimiter: ";", header: false }
    expect(csv(snapshot, options)).toBe(
      "1;lc;status;;running;3;Running;;\r\n1;spec;status;;running;3;Running;;\r\n"
    )
    expect(csv.defaults).toEqual({ delimiter: ",", header: true, guardFormulas: true })
  })

  it("adds the estimated time left after a running task's status, by wrapping one handler", () => {
    const rows = parse(csvWithEta(ukssdc("status-complex")))
    const spec = rows.filter((row) => row[1] === "spec").map((row) => row[2])
    expect(spec.slice(0, 3)).toEqual(["status", "eta", "progress"])
    // Spectrum: 20:40 running; of its 2 steps, 1 is done and the second is on spectrum 14 of 156,
    // whose own 2 sub-steps are half done: (1 + (13 + 1/2) / 156) / 2 of the way.
    const fraction = (1 + 13.5 / 156) / 2
    const eta = Duration.seconds((1240 * (1 - fraction)) / fraction)
    expect(rows.find((row) => row[1] === "spec" && row[2] === "eta")?.[6]).toBe(Elapsed.format(eta))
    expect(rows.filter((row) => row[2] === "eta").map((row) => row[1])).toEqual(["spec", "psf"])
    expect(parse(csv(ukssdc("status-complex"))).some((row) => row[2] === "eta")).toBe(false)
  })

  it("drops logs in the variant that replaces the log handler, and nothing else", () => {
    const snapshot = tomLogs("pipeline-failed")
    const without = parse(csvWithoutLogs(snapshot))
    expect(without).toEqual(parse(csv(snapshot)).filter((row) => row[2] !== "log"))
    expect(without.length).toBeGreaterThan(1)
  })

  it("renders one node on its own, without a job", () => {
    const spec = Job.task(ukssdc("status-complex"), "spec")!
    expect(csv({ type: "steps", task: spec, steps: spec.steps! })).toBe(
      [
        ",spec,step,Prepare data.,done,,,,",
        ",spec,step,Build spectra.,active,,Working on spectrum: Obs_00081637001 (14/156),14,156",
        ",spec,step,Build spectra. / Extract data.,done,,,,",
        ",spec,step,Build spectra. / Fit spectrum.,active,,,,",
        ""
      ].join("\r\n")
    )
  })

  it("fails with the core's UnknownNodeError for a node no handler knows", () => {
    const chart = { type: "chart", task: Job.task(ukssdc("status-basic"), "lc")! } as unknown as Renderer.Node
    expect(() => csv(chart)).toThrow(Renderer.UnknownNodeError)
  })

  it("is the same renderer whether snapshots come from a fixture or are made by hand", () => {
    const snapshot: Job.Snapshot = {
      source: "my-observatory",
      jobId: "r-1",
      observedAt,
      tasks: [
        {
          id: "reduce",
          label: "Reduce",
          phase: "running",
          code: "running",
          text: "running",
          elapsed: Duration.minutes(3)
        }
      ]
    }
    expect(parse(csv(snapshot))).toEqual([
      [...columns],
      ["r-1", "reduce", "status", "", "running", "running", "running", "", ""],
      ["r-1", "reduce", "elapsed", "", "", "", "00:03:00", "", ""]
    ])
  })

  it("overrides one handler in a renderer of its own: a finished job's outputs, one line each, nothing else", () => {
    const snapshot: Job.Snapshot = {
      source: "my-observatory",
      jobId: "r-1",
      observedAt,
      tasks: [
        {
          id: "reduce",
          label: "Reduce",
          phase: "succeeded",
          code: "done",
          text: "done",
          logs: "stacked 12 frames",
          outputs: [
            { id: "image", label: "Stacked image", url: "https://example.org/r-1/stack.fits" },
            { id: "ticket", label: "Ticket", value: { _tag: "Identifier", value: "T-9" } }
          ]
        },
        { id: "check", label: "Check", phase: "running", code: "running", text: "running" }
      ]
    }
    expect(produced(snapshot)).toBe(
      "Reduce: Stacked image <https://example.org/r-1/stack.fits>\nReduce: Ticket T-9"
    )
    // The status, the log and the task without outputs render as nothing: the pass-through handlers.
    expect(produced({ ...snapshot, tasks: [snapshot.tasks[1]!] })).toBe("")
  })
})
