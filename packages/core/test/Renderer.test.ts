import { describe, expect, it } from "@effect/vitest"
import { type Job, Progress, Renderer, Tom, Ukssdc } from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import { fixture } from "./fixtures.js"

const observedAt = new Date(Date.UTC(2026, 10, 22, 10, 0))

const ukssdc = (name: string): Job.Snapshot => {
  const reply = Schema.decodeUnknownSync(Ukssdc.StatusResponse)(fixture("ukssdc", name))
  if (reply.OK !== 1) throw new Error(`fixture ${name} is not a successful status reply`)
  return Ukssdc.toSnapshot(reply, { observedAt })
}

const tom = (name: string): Job.Snapshot =>
  Tom.toSnapshot(Schema.decodeUnknownSync(Tom.AsyncStatusResponse)(fixture("tom", name)), {
    target: 7,
    observedAt
  })

// A complete third-party renderer: plain text, written against the public exports of @jobscope/core
// alone (and effect's Duration, the type of a task's elapsed time).
const lines = (outputs: ReadonlyArray<string>): string => outputs.filter((line) => line !== "").join("\n")
const plainText = Renderer.make<string, { readonly pending: boolean }>(
  {
    snapshot: (node, state) =>
      lines([`${node.snapshot.source} job ${node.snapshot.jobId}`, ...state.all(node)]),
    task: (node, state) => lines(state.all(node)),
    status: ({ task }) => `${task.label} (${task.id}): ${task.text} [${task.phase}]`,
    progress: (node, state) =>
      lines([`  ${Math.round(100 * Progress.fraction(node.task.steps ?? []))}% done`, ...state.all(node)]),
    note: ({ text }) => `  ${text}`,
    steps: (node, state) => lines(state.all(node)),
    step: (node, state) => {
      const { state: at, label, extra } = node.step
      if (at === "pending" && !state.options.pending) return ""
      const mark = at === "done" ? "[x]" : at === "active" ? "[>]" : "[ ]"
      return lines([
        `${"  ".repeat(state.depth)}${mark} ${label}${extra === undefined ? "" : ` — ${extra}`}`,
        ...state.all(node)
      ])
    },
    elapsed: ({ elapsed }) =>
      `  running for ${new Date(Duration.toMillis(elapsed)).toISOString().slice(11, 19)}`,
    message: ({ text }) => `  error: ${text}`,
    warnings: ({ warnings }) => lines(warnings.map((warning) => `  warning: ${warning}`)),
    outputs: (node, state) => lines(state.all(node)),
    output: ({ output }) => `  → ${output.label}${output.url === undefined ? "" : `: ${output.url}`}`,
    log: ({ text }) => lines(text.split("\n").map((line) => (line === "" ? "" : `  | ${line}`)))
  },
  { pending: false }
)

describe("a third-party renderer in under 30 lines", () => {
  it("renders the seed's second status example as plain text", () => {
    expect(plainText(ukssdc("status-complex"))).toBe(
      [
        "ukssdc job 1",
        "Light curve (lc): Running [running]",
        "Spectrum (spec): Running [running]",
        "  54% done",
        "  [x] Prepare data.",
        "  [>] Build spectra. — Working on spectrum: Obs_00081637001 (14/156)",
        "    [x] Extract data.",
        "    [>] Fit spectrum.",
        "  running for 00:20:40",
        "Standard (PSF) position (psf): Running [running]",
        "  75% done",
        "  [x] Collect data.",
        "  [x] Sum images and exposure maps.",
        "  [x] Perform detection with locally-estimated background",
        "  [>] Perform PSF fit.",
        "  running for 00:00:54"
      ].join("\n")
    )
  })

  it("takes options per call over its defaults", () => {
    const withPending = plainText(ukssdc("status-nonexistent-products"), { pending: true })
    expect(withPending).toContain("  [ ] Build spectra.\n    [ ] Extract data.\n    [ ] Fit spectrum.")
    expect(plainText(ukssdc("status-nonexistent-products"))).not.toContain("[ ]")
    expect(plainText(ukssdc("status-nonexistent-products"), { pending: undefined })).not.toContain("[ ]")
  })

  it("renders a TOM process's failure message and log", () => {
    const failed = tom("status-later")
    const text = plainText(failed)
    expect(text.split("\n")[0]).toBe("tom job target/7")
    const withMessage = failed.tasks.find((task) => task.message !== undefined)
    expect(withMessage).toBeDefined()
    expect(text).toContain(
      `${withMessage!.label} (${withMessage!.id}): failed [failed]\n  error: ${withMessage!.message}\n  → Process page: /pipeline/51`
    )
  })
})

const task = (extra: Partial<Job.Task> = {}): Job.Task => ({
  id: "spec",
  label: "Spectrum",
  phase: "running",
  code: 3,
  text: "Running",
  ...extra
})

const types = (nodes: ReadonlyArray<Renderer.Node>) => nodes.map((node) => node.type)

const outputs: ReadonlyArray<Job.Output> = [
  { id: "archive", label: "Spectrum archive", url: "https://example.org/job/spec.tar.gz" },
  {
    id: "position",
    label: "Position",
    value: { _tag: "Position", ra: 219.28745, dec: -60.83356, error: 3.5 }
  }
]

describe("Renderer.children", () => {
  it("gives a task's parts in reading order, each only when the task has it", () => {
    const steps = [
      Progress.make("Build spectra.", "active", { children: [Progress.make("Fit.", "pending")] })
    ]
    const full = task({
      steps,
      stepsNote: "Using <em>v</em>",
      elapsed: Duration.seconds(83),
      message: "it broke",
      warnings: ["careful"],
      outputs,
      logs: "line\n"
    })
    expect(types(Renderer.children({ type: "task", task: full }))).toEqual([
      "status",
      "progress",
      "elapsed",
      "message",
      "warnings",
      "outputs",
      "log"
    ])
    expect(types(Renderer.children({ type: "task", task: task({ warnings: [], outputs: [] }) }))).toEqual([
      "status"
    ])
    expect(Renderer.children({ type: "outputs", task: full, outputs })).toEqual(
      outputs.map((output) => ({ type: "output", task: full, output }))
    )
    expect(Renderer.children({ type: "output", task: full, output: outputs[0]! })).toEqual([])
    expect(Renderer.children({ type: "progress", task: full })).toEqual([
      { type: "note", task: full, text: "Using <em>v</em>" },
      { type: "steps", task: full, steps }
    ])
    const [step] = Renderer.children({ type: "steps", task: full, steps })
    expect(Renderer.children(step!)).toEqual([
      { type: "steps", task: full, steps: steps[0]!.children, parent: steps[0] }
    ])
    expect(Renderer.children({ type: "step", task: full, step: steps[0]!.children[0]! })).toEqual([])
  })

  it("gives a progress node only its note when the server sent a note and no steps", () => {
    const noted = task({ stepsNote: "Waiting" })
    expect(types(Renderer.children({ type: "task", task: noted }))).toEqual(["status", "progress"])
    expect(types(Renderer.children({ type: "progress", task: noted }))).toEqual(["note"])
  })
})

/** Every handler writes its node type and its children in brackets, to see the fold's shape. */
const shape = Renderer.make<string>(
  Object.fromEntries(
    Renderer.nodeTypes.map((type) => [
      type,
      (node: Renderer.Node, state: Renderer.State<string, {}>) => {
        const inner = state.all(node)
        return inner.length === 0 ? type : `${type}(${inner.join(" ")})`
      }
    ])
  ) as unknown as Renderer.Handlers<string, {}>
)

describe("Renderer.render", () => {
  it("folds the whole snapshot through one handler per node", () => {
    expect(shape(ukssdc("status-complex"))).toBe(
      "snapshot(task(status) " +
        "task(status progress(steps(step step(steps(step step)))) elapsed) " +
        "task(status progress(steps(step step step step)) elapsed))"
    )
  })

  it("renders a node other than the root, such as one task", () => {
    expect(shape({ type: "task", task: task({ message: "no" }) })).toBe("task(status message)")
  })

  it("tells a handler where it is: the path from the root and how deep in step lists", () => {
    const seen: Array<string> = []
    const spy = Renderer.make<string>(
      Renderer.extend(shape.handlers, (base) => ({
        step: (node, state) => {
          seen.push(
            `${state.path.map((each) => each.type).join("/")} depth ${state.depth}: ${node.step.label}`
          )
          return base.step(node, state)
        }
      }))
    )
    spy(ukssdc("status-complex"))
    expect(seen).toEqual([
      "snapshot/task/progress/steps/step depth 1: Prepare data.",
      "snapshot/task/progress/steps/step depth 1: Build spectra.",
      "snapshot/task/progress/steps/step/steps/step depth 2: Extract data.",
      "snapshot/task/progress/steps/step/steps/step depth 2: Fit spectrum.",
      "snapshot/task/progress/steps/step depth 1: Collect data.",
      "snapshot/task/progress/steps/step depth 1: Sum images and exposure maps.",
      "snapshot/task/progress/steps/step depth 1: Perform detection with locally-estimated background",
      "snapshot/task/progress/steps/step depth 1: Perform PSF fit."
    ])
  })

  it("meets a node no handler knows with an UnknownNodeError that names it", () => {
    const madeUp = Renderer.make<string>(
      Renderer.extend(shape.handlers, {
        status: (_node, state) => state.render({ type: "badge" } as unknown as Renderer.Node)
      })
    )
    expect(() => madeUp(ukssdc("status-basic"))).toThrow(Renderer.UnknownNodeError)
    expect(() => madeUp(ukssdc("status-basic"))).toThrow(
      'no handler for a node of type "badge"; a renderer needs one for each of: snapshot, task, status'
    )
  })

  it("does not take an object's inherited members for handlers", () => {
    for (const type of ["constructor", "toString", "__proto__"]) {
      const error = (() => {
        try {
          shape({ type } as unknown as Renderer.Node)
        } catch (caught) {
          return caught
        }
      })()
      expect(error).toBeInstanceOf(Renderer.UnknownNodeError)
      expect((error as Renderer.UnknownNodeError).nodeType).toBe(type)
    }
  })

  it("reports an incomplete handler record when it reaches the missing kind", () => {
    const { log: _log, ...withoutLog } = shape.handlers
    const partial = withoutLog as unknown as Renderer.Handlers<string, {}>
    expect(Renderer.render(partial, ukssdc("status-complex"), {})).toContain("snapshot(")
    const logs = Tom.logsToSnapshot(
      Schema.decodeUnknownSync(Tom.PipelineLogs)(fixture("tom", "pipeline-logs-seed")),
      {
        pipeline: 45,
        observedAt
      }
    )
    expect(() => Renderer.render(partial, logs, {})).toThrow('no handler for a node of type "log"')
  })
})

describe("Renderer.passThrough", () => {
  it("renders a whole snapshot through its children, so one override is a renderer", () => {
    const statusLines = Renderer.make<string>({
      ...Renderer.passThrough(lines),
      status: ({ task }) => `${task.label}: ${task.text}`
    })
    expect(statusLines(ukssdc("status-complex"))).toBe(
      ["Light curve: Running", "Spectrum: Running", "Standard (PSF) position: Running"].join("\n")
    )
  })

  it("has a handler for every node kind, each combining its children, and [] for a leaf", () => {
    const handlers = Renderer.passThrough<ReadonlyArray<string>>((parts) => parts.flat())
    expect(Object.keys(handlers).sort()).toEqual([...Renderer.nodeTypes].sort())
    const links = Renderer.make(
      Renderer.extend(handlers, { output: ({ output }) => (output.url === undefined ? [] : [output.url]) })
    )
    expect(links({ ...ukssdc("status-basic"), tasks: [task({ outputs })] })).toEqual([
      "https://example.org/job/spec.tar.gz"
    ])
    expect(links(ukssdc("status-complex"))).toEqual([])
  })
})

describe("Renderer.extend", () => {
  it("replaces one handler and keeps the rest", () => {
    const terse = Renderer.make<string>(Renderer.extend(shape.handlers, { steps: () => "…" }))
    expect(terse(ukssdc("status-complex"))).toBe(
      "snapshot(task(status) task(status progress(…) elapsed) task(status progress(…) elapsed))"
    )
    expect(shape(ukssdc("status-complex"))).toContain("steps(step")
  })

  it("applies extensions in order; a function extension wraps what came before it", () => {
    const handlers = Renderer.extend(
      shape.handlers,
      { status: () => "first" },
      (base) => ({ status: (node, state) => `[${base.status(node, state)}]` }),
      { elapsed: undefined }
    )
    expect(Renderer.render(handlers, ukssdc("status-basic"), {})).toBe(
      "snapshot(task([first]) task([first]))"
    )
    expect(handlers.elapsed).toBe(shape.handlers.elapsed)
  })
})
