import { describe, expect, it } from "@effect/vitest"
import { Job, Progress, Tom } from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as Live from "../src/Live.js"
import * as Style from "../src/Style.js"
import * as Text from "../src/Text.js"
import { withoutColours } from "./support/controls.js"
import { seed } from "./support/seedSnapshots.js"

const ESC = "\u001b"

/**
 * Just enough of a terminal to check a live view as a person would see it:
 * printable text (wrapping at the last column, as terminals do), line feeds,
 * CPL `ESC [ n F`, ED `ESC [ J`, SGR colours and showing or hiding the
 * cursor. Any other escape fails the test. Text is only ever written at the
 * end of a line, which is all the view does.
 */
class Terminal {
  readonly lines: Array<string> = [""]
  row = 0
  cursorVisible = true

  constructor(readonly columns: number) {}

  write(text: string): void {
    let at = 0
    while (at < text.length) {
      if (text[at] === ESC) {
        const match = /^\[(\??)(\d*)([A-Za-z])/.exec(text.slice(at + 1))
        if (match === null) throw new Error(`unexpected escape: ${JSON.stringify(text.slice(at, at + 12))}`)
        const [whole, question, count, final] = match as unknown as [string, string, string, string]
        if (question === "?" && count === "25" && (final === "h" || final === "l"))
          this.cursorVisible = final === "h"
        else if (question === "" && final === "F") this.row = Math.max(0, this.row - Number(count || "1"))
        else if (question === "" && final === "J" && count === "") {
          this.lines.length = this.row + 1
          this.lines[this.row] = ""
        } else if (question === "" && final === "m") {
          // colour: no room taken
        } else throw new Error(`unexpected escape: ${JSON.stringify(whole)}`)
        at += 1 + whole.length
        continue
      }
      const char = String.fromCodePoint(text.codePointAt(at)!)
      at += char.length
      if (char === "\n") this.newLine()
      else {
        const line = this.lines[this.row]!
        if (Style.width(line) + Style.width(char) > this.columns) this.newLine()
        this.lines[this.row] += char
      }
    }
  }

  private newLine(): void {
    this.row++
    if (this.lines.length <= this.row) this.lines.push("")
  }

  /** What the screen shows (colours take no room, and are not kept), without the empty line the cursor waits on. */
  shown(): ReadonlyArray<string> {
    return this.lines[this.lines.length - 1] === "" ? this.lines.slice(0, -1) : this.lines
  }
}

/** A screen that records every write, and feeds a terminal when it is one. */
const fakeScreen = (options: {
  readonly isTTY: boolean
  readonly color?: boolean
  readonly columns?: number
  readonly rows?: number
}) => {
  const writes: Array<string> = []
  const terminal = new Terminal(options.columns ?? 100)
  const screen: Live.Screen = {
    write: (text) => {
      writes.push(text)
      if (options.isTTY) terminal.write(text)
    },
    isTTY: options.isTTY,
    columns: () => options.columns ?? 100,
    color: options.color ?? false,
    ...(options.rows === undefined ? {} : { rows: () => options.rows! })
  }
  return { screen, writes, terminal }
}

/** A clock that moves only when told. */
const steppedClock = (start: string) => {
  let now = new Date(start)
  return {
    now: () => now,
    advance: (millis: number) => {
      now = new Date(now.getTime() + millis)
    }
  }
}

const start = "2021-03-16T09:05:00.000Z"
const plan = (
  clock: { readonly now: () => Date },
  inMillis: number,
  reason: Live.Plan["reason"],
  eta?: Duration.Duration
): Live.Plan => ({
  at: new Date(clock.now().getTime() + inMillis),
  reason,
  ...(eta === undefined ? {} : { eta })
})

/** The first answer's events: a task added for each task. */
const added = (snapshot: Job.Snapshot) =>
  snapshot.tasks.map((task): Job.Event => ({ _tag: "TaskAdded", taskId: task.id, phase: task.phase }))

const jobs = [
  { key: "ukssdc:1", label: "GRB 210316A" },
  { key: "tom:52", label: "pipeline 52" }
]

describe("Live on a terminal", () => {
  it("hides the cursor and shows every job waiting for its first answer at once", () => {
    const { screen, terminal } = fakeScreen({ isTTY: true })
    Live.make(screen, { now: steppedClock(start).now, jobs })
    expect(terminal.cursorVisible).toBe(false)
    expect(terminal.shown()).toEqual([
      "GRB 210316A · waiting for the first answer",
      "",
      "pipeline 52 · waiting for the first answer"
    ])
  })

  it("redraws in place, moving up exactly the lines of the frame before", () => {
    const clock = steppedClock(start)
    const { screen, writes, terminal } = fakeScreen({ isTTY: true })
    const live = Live.make(screen, { now: clock.now, jobs })
    const complex = seed("ukssdc", "status-complex")
    const early = seed("tom", "pipeline-running-early")
    live.observed("ukssdc:1", complex, added(complex), plan(clock, 10_000, "eta", Duration.minutes(17)))
    live.observed("tom:52", early, added(early), plan(clock, 1_000, "moved"))
    clock.advance(4_000)
    live.tick()
    live.pollFailed("tom:52", "connection reset\u001b[2J", plan(clock, 3_000, "failure"))
    const later = seed("tom", "pipeline-running-later")
    live.observed("tom:52", later, Job.diff(early, later, Tom.source), plan(clock, 1_500, "moved"))

    // Every write after the first starts by going up the lines the write before it left.
    for (let index = 1; index < writes.length; index++) {
      const before = writes[index - 1]!.split("\n").length - 1
      expect(writes[index]!.startsWith(`${ESC}[${before}F${ESC}[J`)).toBe(true)
    }
    const spectrum = Text.text(complex, { width: 99 }).split("\n")
    expect(terminal.shown()).toEqual([
      ...spectrum,
      "  next poll in 6 s (eta) · ETA ~17 min",
      "",
      ...Text.text(later, { width: 99 }).split("\n"),
      "  next poll in 2 s (moved)"
    ])
    clock.advance(60_000)
    live.tick()
    // The ETA counts down between polls, the countdown says when the poll is due.
    expect(terminal.shown()[spectrum.length]).toBe("  polling now (eta) · ETA ~16 min")
  })

  it("shows a failed poll and an ended watch under their job, leaving why it ended to the error", () => {
    const clock = steppedClock(start)
    const { screen, writes, terminal } = fakeScreen({ isTTY: true, color: true })
    const live = Live.make(screen, { now: clock.now, jobs })
    live.pollFailed("ukssdc:1", "HTTP 503 from the server", plan(clock, 15_000, "failure"))
    live.ended("tom:52")
    expect(terminal.shown()).toEqual([
      "GRB 210316A · waiting for the first answer",
      "  poll failed: HTTP 503 from the server · next poll in 15 s",
      "",
      "pipeline 52 · waiting for the first answer",
      "  stopped watching (the error at the end says why)"
    ])
    const frame = writes.at(-1)!
    expect(frame).toContain(Style.make(true).yellow("poll failed: HTTP 503 from the server"))
    expect(frame).toContain(Style.make(true).red("stopped watching (the error at the end says why)"))
  })

  it("keeps notes above the frame, where they stay", () => {
    const clock = steppedClock(start)
    const { screen, terminal } = fakeScreen({ isTTY: true })
    const live = Live.make(screen, { now: clock.now, jobs: jobs.slice(0, 1) })
    live.note("Submitted UKSSDC job 1")
    const complex = seed("ukssdc", "status-complex")
    live.observed("ukssdc:1", complex, added(complex), plan(clock, 10_000, "moved"))
    live.note("Second note")
    clock.advance(1_000)
    live.tick()
    expect(terminal.shown()).toEqual([
      "Submitted UKSSDC job 1",
      "Second note",
      ...Text.text(complex, { width: 99 }).split("\n"),
      "  next poll in 9 s (moved)"
    ])
  })

  it("cuts every line under the width, so wrapped lines never spoil a redraw", () => {
    const clock = steppedClock(start)
    const { screen, writes, terminal } = fakeScreen({ isTTY: true, columns: 30, color: true })
    const live = Live.make(screen, {
      now: clock.now,
      jobs: [{ key: "ukssdc:1", label: "a label far longer than thirty columns" }]
    })
    const full = seed("ukssdc", "status-full")
    live.observed("ukssdc:1", full, added(full), plan(clock, 10_000, "eta", Duration.minutes(20)))
    clock.advance(1_000)
    live.tick()
    live.close()
    for (const write of writes)
      for (const line of write.split("\n")) expect(Style.width(line)).toBeLessThanOrEqual(29)
    expect(terminal.shown()).toEqual(Text.text(full, { width: 29 }).split("\n"))
  })

  it("cuts a live frame taller than the terminal, saying how much is left out, but not the final one", () => {
    const clock = steppedClock(start)
    const { screen, terminal } = fakeScreen({ isTTY: true, rows: 10 })
    const live = Live.make(screen, { now: clock.now, jobs: jobs.slice(0, 1) })
    const full = seed("ukssdc", "status-full")
    live.observed("ukssdc:1", full, added(full), plan(clock, 10_000, "moved"))
    live.tick()
    const all = Text.text(full, { width: 99 }).split("\n")
    expect(terminal.shown()).toEqual([
      ...all.slice(0, 8),
      `… ${all.length + 1 - 8} more lines (a taller terminal shows them)`
    ])
    live.close()
    expect(terminal.shown().slice(-all.length)).toEqual(all)
  })

  it("folds each finished product to one line while live, so a six-product job fits; the final frame lists what they made", () => {
    const clock = steppedClock(start)
    const { screen, terminal } = fakeScreen({ isTTY: true, rows: 24 })
    const live = Live.make(screen, { now: clock.now, jobs: jobs.slice(0, 1), speed: 60 })
    const full = seed("ukssdc", "status-full")
    const made = (task: Job.Task): ReadonlyArray<Job.Output> => [
      {
        id: "archive",
        label: `${task.label} archive`,
        url: `https://www.swift.ac.uk/user_objects/tprods/USERPROD_1/${task.id}.tar.gz`
      },
      {
        id: "position",
        label: "Position",
        value: { _tag: "Position", ra: 219.28707, dec: -62.65333, error: 1.6 }
      }
    ]
    const finished: Job.Snapshot = {
      ...full,
      tasks: full.tasks.map((task) =>
        task.id === "xastrom"
          ? task
          : {
              ...task,
              phase: "succeeded",
              code: 4,
              text: "Complete",
              outputs: made(task),
              // The last steps seen, all done, as the follow layer keeps them (Job.carryOver).
              ...(task.steps === undefined ? {} : { steps: Progress.completed(task.steps) })
            }
      )
    }
    live.observed("ukssdc:1", finished, added(finished), plan(clock, 10_000, "eta", Duration.minutes(6)))
    const shown = terminal.shown()
    expect(shown.some((line) => line.includes("more line"))).toBe(false)
    expect(shown).toContain("  ✓ Light curve  Complete  [██████████] 100% 4/4 steps  00:01:23  ⊕ 2 outputs")
    expect(shown).toContain("  ✓ Standard (PSF) position  Complete  ⊕ 2 outputs")
    expect(shown.filter((line) => line.includes("archive"))).toEqual([])
    // The running product keeps its steps, and the ETA says what it is here at the simulator's speed.
    expect(shown).toContain("    · Calculate astrometric correction.")
    expect(shown.at(-1)).toBe("  next poll in 10 s (eta) · ETA ~6 min simulated (6 s here at 60×)")
    live.close()
    const final = terminal.shown()
    expect(final.filter((line) => line.includes("⊕ Light curve archive: https://"))).toHaveLength(1)
    expect(final).toContain(
      "    ⊕ Position: RA 219.28707°, Dec −62.65333° ± 1.6″ (14h 37m 08.90s, −62° 39′ 12.0″)"
    )
  })

  it("ends with the final frame, without countdowns, and the cursor shown again; once", () => {
    const clock = steppedClock(start)
    const { screen, writes, terminal } = fakeScreen({ isTTY: true })
    const live = Live.make(screen, { now: clock.now, jobs: jobs.slice(0, 1) })
    const complex = seed("ukssdc", "status-complex")
    live.observed("ukssdc:1", complex, added(complex), plan(clock, 10_000, "moved"))
    live.close()
    expect(writes.at(-1)).toBe(`${ESC}[?25h`)
    expect(terminal.cursorVisible).toBe(true)
    expect(terminal.shown()).toEqual(Text.text(complex, { width: 99 }).split("\n"))
    const count = writes.length
    live.close()
    live.tick()
    live.observed("ukssdc:1", complex, [], undefined)
    expect(writes).toHaveLength(count)
  })

  it("names a job by its label until it answers, with no control characters", () => {
    const { screen, terminal } = fakeScreen({ isTTY: true })
    Live.make(screen, {
      now: steppedClock(start).now,
      jobs: [{ key: "k", label: "evil\u001b]0;title\u0007\nname" }]
    })
    expect(terminal.shown()).toEqual(["evil name · waiting for the first answer"])
  })
})

describe("Live elsewhere", () => {
  it("shows a job once, then one line per event, failure and end, and never an escape", () => {
    const clock = steppedClock(start)
    const { screen, writes } = fakeScreen({ isTTY: false })
    const live = Live.make(screen, { now: clock.now, jobs: [{ key: "tom:52", label: "pipeline 52" }] })
    live.note("Watching TOM pipeline 52")
    const early = seed("tom", "pipeline-running-early")
    const later = seed("tom", "pipeline-running-later")
    const finished = seed("tom", "pipeline-finished")
    live.observed("tom:52", early, added(early), plan(clock, 1_000, "moved"))
    clock.advance(1_000)
    live.tick()
    live.pollFailed("tom:52", "timed out after 30 s", plan(clock, 2_000, "failure"))
    clock.advance(2_000)
    live.observed("tom:52", later, Job.diff(early, later, Tom.source), plan(clock, 1_000, "moved"))
    clock.advance(1_000)
    live.observed("tom:52", finished, Job.diff(later, finished, Tom.source), undefined)
    live.close()
    live.close()
    const output = writes.join("")
    expect(output).not.toContain(ESC)
    const job = "TOM pipeline 52 · astrosource_m13_2019-08-02-101512"
    expect(output).toBe(
      [
        "Watching TOM pipeline 52",
        Text.text(early, { width: Number.POSITIVE_INFINITY }),
        "TOM pipeline 52: poll failed: timed out after 30 s · next poll in 2 s",
        `${job}: │ Identifying stars in 12 frames`,
        `${job}: │ Found 214 comparison stars`,
        `${job}: ✓ running → succeeded · created`,
        `${job}: │ Saving outputs`,
        // What the pipeline made, once it made it; relative to a TOM page this report does not know.
        `${job}: ⊕ astrosource_m13_2019-08-02-101512_outputs: /dataproducts/data/group/38/`,
        "TOM pipeline 52: ✓ succeeded",
        ""
      ].join("\n")
    )
  })

  it("announces a task's success once, when the server flips it back to running and then to complete", () => {
    const clock = steppedClock(start)
    const { screen, writes } = fakeScreen({ isTTY: false })
    const live = Live.make(screen, { now: clock.now, jobs: [{ key: "tom:52", label: "pipeline 52" }] })
    const later = seed("tom", "pipeline-running-later")
    const finished = seed("tom", "pipeline-finished")
    live.observed("tom:52", later, added(later), plan(clock, 1_000, "moved"))
    live.observed("tom:52", finished, Job.diff(later, finished, Tom.source), plan(clock, 1_000, "moved"))
    live.observed("tom:52", later, Job.diff(finished, later, Tom.source), plan(clock, 1_000, "moved"))
    live.observed("tom:52", finished, Job.diff(later, finished, Tom.source), undefined)
    const output = writes.join("")
    expect(output.match(/running → succeeded/g)).toHaveLength(1)
    expect(output).toContain("anomaly")
  })

  it("sums up jobs that did not finish, or never answered", () => {
    const clock = steppedClock(start)
    const { screen, writes } = fakeScreen({ isTTY: false })
    const live = Live.make(screen, { now: clock.now, jobs })
    const complex = seed("ukssdc", "status-complex")
    live.observed("ukssdc:1", complex, added(complex), plan(clock, 10_000, "moved"))
    writes.length = 0
    live.close()
    expect(writes.join("")).toBe("UKSSDC job 1: not over\npipeline 52: no answer\n")
  })

  it("piped, says at the end which watches stopped early, and nothing at the time: why is the command's error", () => {
    const { screen, writes } = fakeScreen({ isTTY: false })
    const live = Live.make(screen, { now: steppedClock(start).now, jobs })
    live.ended("tom:52")
    live.ended("ukssdc:1")
    expect(writes).toEqual([])
    live.close()
    expect(writes).toEqual([
      "GRB 210316A: stopped watching (the error at the end says why)\n",
      "pipeline 52: stopped watching (the error at the end says why)\n"
    ])
  })

  it("colours when told to, still without moving the cursor", () => {
    const clock = steppedClock(start)
    const { screen, writes } = fakeScreen({ isTTY: false, color: true })
    const live = Live.make(screen, { now: clock.now, jobs })
    const finished = seed("tom", "pipeline-finished")
    live.observed("tom:52", finished, added(finished), undefined)
    live.close()
    const output = writes.join("")
    expect(output).toContain(Style.make(true).green("✓"))
    expect(withoutColours(output)).not.toContain(ESC)
  })
})
