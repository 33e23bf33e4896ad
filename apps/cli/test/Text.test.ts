import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import {
  type Job,
  KnownSources,
  Lifecycle,
  Phase,
  Progress,
  Renderer,
  Source,
  Tom,
  Too,
  Ukssdc
} from "@jobscope/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import * as Sources from "../src/Sources.js"
import * as Style from "../src/Style.js"
import * as Text from "../src/Text.js"
import { controls, withoutColours } from "./support/controls.js"
import { jobSeeds, observedAt, seed, snapshotOf } from "./support/seedSnapshots.js"

/**
 * Golden renders: `test/fixtures/text/<api>-<case>/{input.json,expected.txt}`,
 * with an optional `options.json` of `Text` options and an optional
 * `client.json` of what a client adds to a reply (the job's `url`, UKSSDC
 * `positions`), for cases of what jobs produce. There is a case for
 * every seed reply of the core about a job (its input a copy of the seed)
 * and a few of our own (a failed product, hostile strings, options). Run
 * with `UPDATE_GOLDEN=1` to copy the seeds and write the expected text anew,
 * then read them.
 */
const cases = fileURLToPath(new URL("./fixtures/text/", import.meta.url))
const update = process.env.UPDATE_GOLDEN === "1"

const apiOf = (name: string): string => name.slice(0, name.indexOf("-"))

const caseOptions = (dir: string): Partial<Text.Options> =>
  existsSync(`${dir}options.json`) ? JSON.parse(readFileSync(`${dir}options.json`, "utf8")) : {}

/** What a client adds to a reply: the job's page, the positions a UKSSDC job found. */
interface Client {
  readonly url?: string
  readonly positions?: Readonly<Record<string, unknown>>
}

/** The snapshot of a reply with what a client adds to it, as the client would map it. */
const withClient = (api: string, json: unknown, client: Client): Job.Snapshot => {
  const url = client.url === undefined ? {} : { url: client.url }
  if (api === "ukssdc") {
    const reply = Schema.decodeUnknownSync(Ukssdc.StatusResponse)(json)
    if (reply.OK !== 1) throw new Error("not a status reply")
    const positions = Object.fromEntries(
      Object.entries(client.positions ?? {}).map(([kind, position]) => [
        kind,
        Schema.decodeUnknownSync(Ukssdc.PositionResponse)(position)
      ])
    )
    return Ukssdc.toSnapshot(reply, { observedAt, ...url, positions })
  }
  if (api === "too")
    return Too.toSnapshot(Schema.decodeUnknownSync(Too.Envelope)(json), { observedAt, ...url })
  const logs = Schema.decodeUnknownSync(Tom.PipelineLogs)(json)
  return Tom.logsToSnapshot(logs, {
    pipeline: Number(/\d+$/.exec(logs.view_url ?? "")?.[0] ?? 0),
    observedAt,
    ...url
  })
}

const caseSnapshot = (name: string): Job.Snapshot => {
  const dir = `${cases}${name}/`
  const json = JSON.parse(readFileSync(`${dir}input.json`, "utf8"))
  const snapshot = existsSync(`${dir}client.json`)
    ? withClient(apiOf(name), json, JSON.parse(readFileSync(`${dir}client.json`, "utf8")))
    : snapshotOf(apiOf(name), json)
  if (snapshot === undefined) throw new Error(`${name}/input.json is not a reply about a job`)
  return snapshot
}

if (update) {
  for (const { api, name, text } of jobSeeds()) {
    mkdirSync(`${cases}${api}-${name}`, { recursive: true })
    writeFileSync(`${cases}${api}-${name}/input.json`, text)
  }
  for (const name of readdirSync(cases)) {
    const dir = `${cases}${name}/`
    writeFileSync(`${dir}expected.txt`, `${Text.text(caseSnapshot(name), caseOptions(dir))}\n`)
  }
}

/** Fails when `output` holds a control character or an escape it should not: none at all, or only our colours. */
const expectSafe = (output: string, color: boolean) => {
  expect(controls(color ? withoutColours(output) : output)).toEqual([])
}

const full = () => seed("ukssdc", "status-full")

describe("golden renders", () => {
  const names = readdirSync(cases).sort()

  it("has a case for every seed reply about a job, with the seed as its input", () => {
    for (const { api, name, text } of jobSeeds()) {
      expect(names).toContain(`${api}-${name}`)
      expect(JSON.parse(readFileSync(`${cases}${api}-${name}/input.json`, "utf8"))).toEqual(JSON.parse(text))
    }
    for (const api of ["ukssdc", "too", "tom"])
      expect(names.some((name) => name.startsWith(`${api}-`))).toBe(true)
  })

  for (const name of names) {
    it(`${name}: renders the expected text, safely`, () => {
      const dir = `${cases}${name}/`
      const options = caseOptions(dir)
      const output = Text.text(caseSnapshot(name), options)
      expect(`${output}\n`).toBe(readFileSync(`${dir}expected.txt`, "utf8"))
      expectSafe(output, false)
      for (const line of output.split("\n"))
        expect(Style.width(line)).toBeLessThanOrEqual(options.width ?? Text.defaults.width)
    })
  }
})

describe("Text.text", () => {
  it("shows a running UKSSDC product with its step tree, counter bar, running time and ETA", () => {
    const lines = Text.text(seed("ukssdc", "status-complex"), { width: 200 }).split("\n")
    expect(lines[0]).toBe("UKSSDC job 1")
    const spectrum = lines.findIndex((line) => line.includes("Spectrum"))
    // 1 of 2 steps done, the second 13/156 along: (1 + 13/156) / 2 = 54%; 20:40 at that pace leaves ~17 min.
    expect(lines[spectrum]).toBe("  ▶ Spectrum  Running  [█████░░░░░] 54% 1/2 steps  00:20:40  ETA ~17 min")
    expect(lines.slice(spectrum + 1, spectrum + 5)).toEqual([
      "    ✓ Prepare data.",
      "    ▶ Build spectra.  [░░░░░░░░░░] 8% — Working on spectrum: Obs_00081637001 (14/156)",
      "      ✓ Extract data.",
      "      ▶ Fit spectrum."
    ])
  })

  it("marks each phase, and each step state, with its own sign", () => {
    const marks = Phase.Phase.literals.map((phase) => Text.marker(phase))
    expect(marks).toEqual(["·", "·", "·", "▶", "✓", "✗", "⊘", "?"])
    expect(Progress.State.literals.map((state) => Text.stepMarker(state))).toEqual(["·", "▶", "✓"])
    const colour = Style.make(true)
    expect(Text.marker("succeeded", colour)).toBe(colour.green("✓"))
    expect(Text.marker("failed", colour)).toBe(colour.red("✗"))
    expect(Text.marker("running", colour)).toBe(colour.cyan("▶"))
    expect(Text.marker("cancelled", colour)).toBe(colour.yellow("⊘"))
    expect(Text.marker("queued", colour)).toBe(colour.dim("·"))
  })

  it("says how the job ended on its first line, and why a TOO request was rejected", () => {
    const lines = Text.text(seed("too", "status-rejected")).split("\n")
    expect(lines[0]).toBe("Swift TOO job 1190 · Swift TOO API job · ✗ failed")
    expect(lines.slice(2)).toEqual([
      "    ✗ Username/shared secret combination not found. Source position is within 46",
      "      degrees of the Sun.",
      "    ! No proposal_id given."
    ])
  })

  it("hides the steps of tasks that succeeded, unless allSteps", () => {
    const snapshot: Job.Snapshot = {
      source: "ukssdc",
      jobId: "5",
      tasks: [
        {
          id: "lc",
          label: "Light curve",
          phase: "succeeded",
          code: 4,
          text: "Complete",
          steps: [Progress.make("Prepare data.", "done"), Progress.make("Bin.", "done")]
        }
      ],
      observedAt
    }
    expect(Text.text(snapshot)).toBe(
      "UKSSDC job 5 · ✓ succeeded\n  ✓ Light curve  Complete  [██████████] 100% 2/2 steps"
    )
    expect(Text.text(snapshot, { allSteps: true }).split("\n").slice(2)).toEqual([
      "    ✓ Prepare data.",
      "    ✓ Bin."
    ])
  })

  it("shows a steps note as the text a browser would, without its tags", () => {
    const lines = Text.text(full(), { width: 200 }).split("\n")
    expect(lines).toContain("    Trying using the v,b,white filters:")
  })

  it("shows the last lines of a TOM log, saying how many came before", () => {
    const snapshot = seed("tom", "pipeline-running-later")
    const lines = Text.text(snapshot, { logLines: 2 }).split("\n")
    expect(lines.slice(-3)).toEqual([
      "    │ … 2 earlier lines",
      "    │ Identifying stars in 12 frames",
      "    │ Found 214 comparison stars"
    ])
    expect(
      Text.text(snapshot)
        .split("\n")
        .filter((line) => line.startsWith("    │"))
    ).toHaveLength(4)
  })

  it("gives an ETA only for a running task whose steps and running time tell one", () => {
    const task = (phase: Phase.Phase): Job.Task => ({
      id: "spec",
      label: "Spectrum",
      phase,
      code: null,
      text: "",
      elapsed: Duration.minutes(10),
      steps: [Progress.make("One.", "done"), Progress.make("Two.", "active")]
    })
    const head = (phase: Phase.Phase) =>
      Text.text({ source: "x", jobId: "1", tasks: [task(phase)], observedAt }).split("\n")[1]
    expect(head("running")).toBe("  ▶ Spectrum  [█████░░░░░] 50% 1/2 steps  00:10:00  ETA ~10 min")
    expect(head("failed")).toBe("  ✗ Spectrum  [█████░░░░░] 50% 1/2 steps  00:10:00")
  })

  it("colours with the same text underneath", () => {
    for (const snapshot of [full(), seed("too", "status-rejected"), seed("tom", "pipeline-failed")]) {
      const coloured = Text.text(snapshot, { color: true })
      expect(coloured).not.toBe(withoutColours(coloured))
      expect(withoutColours(coloured)).toBe(Text.text(snapshot, { color: false }))
      expectSafe(coloured, true)
    }
  })

  it("cuts every line to the width, with an ellipsis, and never inside a colour", () => {
    for (const width of [1, 12, 30, 57]) {
      for (const color of [false, true]) {
        const wide = Text.text(full(), { color, width: 500 }).split("\n")
        const cut = Text.text(full(), { color, width }).split("\n")
        expect(cut).toHaveLength(wide.length)
        cut.forEach((line, index) => {
          expect(Style.width(line)).toBeLessThanOrEqual(width)
          if (Style.width(wide[index]!) > width) expect(withoutColours(line).endsWith("…")).toBe(true)
          else expect(line).toBe(wide[index])
          expectSafe(line, color)
        })
      }
    }
  })

  it("names a job by the Source its registry holds, so a new API's job is never another's", () => {
    const snapshot: Job.Snapshot = { source: "pipeline", jobId: "r-42", observedAt, tasks: [] }
    expect(Text.text(snapshot).split("\n")[0]).toBe("pipeline job r-42")
    const pipeline = Source.make({
      id: "pipeline",
      name: "Pipeline",
      lifecycle: Lifecycle.generic,
      jobNoun: "pipeline run"
    })
    const sources = Source.register(KnownSources.registry, pipeline)
    expect(Text.text(snapshot, { sources }).split("\n")[0]).toBe("pipeline run r-42")
    expect(Text.jobName(snapshot, sources)).toBe("pipeline run r-42")
    // UWS, from @jobscope/uws, is among the Sources the command knows.
    expect(Text.jobName({ ...snapshot, source: "uws", jobId: "j-17" })).toBe("UWS job j-17")
  })

  it("shows what a task produced, with links that work where they are read and no escape of a server's", () => {
    const snapshot: Job.Snapshot = {
      source: "tom",
      jobId: "pipeline/52",
      observedAt,
      tasks: [
        {
          id: "p",
          label: "p",
          phase: "succeeded",
          code: "finished",
          text: "finished",
          outputs: [
            { id: "group", label: "Data products", url: "/dataproducts/group/38/" },
            { id: "script", label: "Click\u001b]0;pwned\u0007 me", url: "javascript:alert(1)\u001b[2J" },
            { id: "too", label: "TOO id", value: { _tag: "Identifier", value: "13860" } }
          ]
        }
      ]
    }
    const plain = Text.text(snapshot, { width: 200 }).split("\n").slice(1)
    expect(plain).toEqual([
      "  ✓ p  finished",
      "    ⊕ Data products: /dataproducts/group/38/",
      "    ⊕ Click me: javascript:alert(1)",
      "    ⊕ TOO id: 13860"
    ])
    const resolved = Text.text({ ...snapshot, url: "https://tom.example.org/targets/7/" }, { width: 200 })
    expect(resolved).toContain("    ⊕ Data products: https://tom.example.org/dataproducts/group/38/")
    expectSafe(resolved, false)
  })

  it("lists at most windowLines windows of an output, and says how many more", () => {
    const windows = Array.from({ length: 7 }, (_, index) => ({
      begin: new Date(Date.UTC(2026, 11, 7, index, 0, 0)),
      end: new Date(Date.UTC(2026, 11, 7, index, 30, 0))
    }))
    const snapshot: Job.Snapshot = {
      source: "too",
      jobId: "1190",
      observedAt,
      tasks: [
        {
          id: "request",
          label: "Visibility query",
          phase: "succeeded",
          code: "Accepted",
          text: "Accepted",
          outputs: [{ id: "windows", label: "Visibility windows", value: { _tag: "Windows", windows } }]
        }
      ]
    }
    expect(Text.text(snapshot, { windowLines: 2 }).split("\n").slice(2)).toEqual([
      "    ⊕ Visibility windows (UTC, server clock): 7 windows",
      "      2026-12-07 00:00:00 UTC → 00:30:00 UTC (30 min)",
      "      2026-12-07 01:00:00 UTC → 01:30:00 UTC (30 min)",
      "      … 5 more windows"
    ])
  })

  it("says durations as people do", () => {
    expect(Text.duration(Duration.millis(7_600))).toBe("8 s")
    expect(Text.duration(Duration.seconds(170))).toBe("3 min")
    expect(Text.duration(Duration.minutes(60))).toBe("1 h")
    expect(Text.duration(Duration.minutes(80))).toBe("1 h 20 min")
    expect(Text.duration(Duration.infinity)).toBe("forever")
    expect(Text.duration(Duration.millis(59_700))).toBe("1 min")
    expect(Text.duration(Duration.millis(400))).toBe("400 ms")
    expect(Text.eta(Duration.minutes(3))).toBe("ETA ~3 min")
  })

  it("is a Renderer: a handler can be replaced or wrapped and the rest kept", () => {
    const snapshot = seed("tom", "pipeline-running-later")
    const withoutLogs = Renderer.make(Renderer.extend(Text.handlers, { log: () => "" }), Text.defaults)
    expect(withoutLogs(snapshot)).toBe(
      Text.text(snapshot)
        .split("\n")
        .filter((line) => !line.startsWith("    │"))
        .join("\n")
    )
    const loud = Renderer.make(
      Renderer.extend(Text.handlers, (base) => ({
        status: (node, state) => base.status(node, state).toUpperCase()
      })),
      Text.defaults
    )
    expect(loud(snapshot).split("\n")[2]).toBe("  ▶ ASTROSOURCE_M13_2019-08-02-101512  RUNNING ASTROSOURCE")
    expect(Text.text.handlers).toBe(Text.handlers)
    expect(Text.text.defaults).toEqual({
      color: false,
      width: 80,
      allSteps: false,
      logLines: 5,
      windowLines: 5,
      sources: Sources.registry,
      speed: undefined,
      fold: false
    })
  })
})

/** Text a hostile server might send: escape sequences, control characters, reordering marks. */
const hostile = [
  "\u001b[2J\u001b[H",
  "\u001b]0;pwned\u0007",
  "\u001b]8;;http://evil.example\u001b\\click\u001b]8;;\u001b\\",
  "\u001b]52;c;cGF5bG9hZA==\u001b\\",
  "\u001bP+q\u001b\\",
  "\u001b[?25l",
  "\u001b[8m",
  "\u001bc",
  "\u001b(0",
  "\u001b",
  "\u009b2J",
  "\u009d0;title\u009c",
  "\u0085",
  "\r",
  "\b\b\b",
  "\u0007",
  "\u0000",
  "\u007f",
  "\u202e",
  "\u2066",
  "\ufeff",
  "&#27;[31m",
  "<script>\u001b[31m</script>"
]

/** A snapshot with `text` in every field that comes from a server, single-line and multi-line alike. */
const everywhere = (text: string): Job.Snapshot => ({
  source: `src${text}`,
  jobId: `42${text}`,
  label: `GRB${text}`,
  url: `https://x.example/${text}`,
  tasks: [
    {
      id: `lc${text}`,
      label: `Light${text} curve`,
      phase: "running",
      code: `3${text}`,
      text: `Running${text}`,
      stepsNote: `Trying <em>v${text}</em>`,
      elapsed: Duration.seconds(83),
      steps: [
        Progress.make(`Prepare${text}`, "done", { extra: `done${text}` }),
        Progress.make(`Build${text}`, "active", {
          extra: `Working ${text} (3/10)`,
          children: [Progress.make(`Fit${text}`, "pending")]
        })
      ],
      message: `broken${text}\nsecond${text}`,
      warnings: [`careful${text}`],
      logs: `line one${text}\nline two${text}\n`
    }
  ],
  observedAt
})

describe("hostile strings", () => {
  const benign = Text.text(everywhere("x"), { width: 500 }).split("\n").length

  for (const text of hostile) {
    it(`never lets ${JSON.stringify(text)} through, in any field`, () => {
      for (const color of [false, true]) {
        const output = Text.text(everywhere(text), { color, width: 500 })
        expectSafe(output, color)
        expect(output.split("\n")).toHaveLength(benign)
      }
    })
  }

  const hostileText = Arbitrary.array(
    Arbitrary.schema(Schema.Literals([...hostile, "a", " ", "\n", "\t", "語"])),
    {
      maxLength: 12
    }
  ).pipe(Arbitrary.map((parts) => parts.join("")))

  it.prop("renders any mix of them safely", [hostileText], ([text]) => {
    expectSafe(Text.text(everywhere(text), { width: 60 }), false)
    expectSafe(Text.text(everywhere(text), { color: true, width: 60 }), true)
  })
})
