import { describe, expect, it } from "@effect/vitest"
import { Job, KnownSources } from "@jobscope/core"
import * as EventLine from "../src/EventLine.js"
import * as Style from "../src/Style.js"
import { controls } from "./support/controls.js"
import { seed } from "./support/seedSnapshots.js"

/** The lines for every event between two polls, as a log would show them. */
const lines = (previous: Job.Snapshot, next: Job.Snapshot, style: Style.Style = Style.plain) =>
  Job.diff(previous, next, KnownSources.registry.get(next.source))
    .map((event) => EventLine.format(next, event, style))
    .filter((line) => line !== "")
    .join("\n")
    .split("\n")

describe("EventLine.format", () => {
  it("tells a UKSSDC product's steps starting, finishing and counting, and a product added", () => {
    expect(lines(seed("ukssdc", "status-basic"), seed("ukssdc", "status-complex"))).toEqual([
      "UKSSDC job 1 · Spectrum: ✓ Prepare data.",
      "UKSSDC job 1 · Spectrum: ▶ Build spectra. — Working on spectrum: Obs_00081637001 (14/156)",
      "UKSSDC job 1 · Spectrum: ▶ Build spectra. (14/156)",
      "UKSSDC job 1 · Spectrum: ✓ Build spectra. › Extract data.",
      "UKSSDC job 1 · Spectrum: ▶ Build spectra. › Fit spectrum.",
      "UKSSDC job 1 · Standard (PSF) position: ▶ added, running"
    ])
  })

  it("gives a line per line a TOM log gained, and the change of phase at the end", () => {
    const early = seed("tom", "pipeline-running-early")
    const later = seed("tom", "pipeline-running-later")
    const finished = seed("tom", "pipeline-finished")
    const job = "TOM pipeline 52 · astrosource_m13_2019-08-02-101512"
    expect(lines(early, later)).toEqual([
      `${job}: │ Identifying stars in 12 frames`,
      `${job}: │ Found 214 comparison stars`
    ])
    expect(lines(later, finished)).toEqual([
      `${job}: ✓ running → succeeded · created`,
      `${job}: │ Saving outputs`,
      `${job}: ⊕ astrosource_m13_2019-08-02-101512_outputs: /dataproducts/data/group/38/`
    ])
  })

  it("tells what a job produced once, links resolved where they can be, and a change to it", () => {
    const job: Job.Snapshot = {
      source: "ukssdc",
      jobId: "14",
      url: "https://www.swift.ac.uk/user_objects/tprods/USERPROD_14",
      observedAt: new Date("2026-12-07T18:00:00Z"),
      tasks: [{ id: "enh", label: "Enhanced position", phase: "running", code: 3, text: "Running" }]
    }
    const done: Job.Snapshot = {
      ...job,
      tasks: [
        {
          ...job.tasks[0]!,
          phase: "succeeded",
          code: 4,
          text: "Complete",
          outputs: [
            { id: "archive", label: "Enhanced position archive", url: "enh.tar.gz" },
            {
              id: "position",
              label: "Position",
              value: { _tag: "Position", ra: 219.28707, dec: -62.65333, error: 3.5 }
            }
          ]
        }
      ]
    }
    const refined: Job.Snapshot = {
      ...done,
      tasks: [
        {
          ...done.tasks[0]!,
          outputs: [
            done.tasks[0]!.outputs![0]!,
            {
              id: "position",
              label: "Position",
              value: { _tag: "Position", ra: 219.28721, dec: -62.65318, error: 1.6 }
            }
          ]
        }
      ]
    }
    expect(lines(job, done)).toEqual([
      "UKSSDC job 14 · Enhanced position: ✓ running → succeeded · Complete",
      "UKSSDC job 14 · Enhanced position: ⊕ Enhanced position archive: https://www.swift.ac.uk/user_objects/tprods/enh.tar.gz",
      "UKSSDC job 14 · Enhanced position: ⊕ Position: RA 219.28707°, Dec −62.65333° ± 3.5″ (14h 37m 08.90s, −62° 39′ 12.0″)"
    ])
    expect(lines(done, refined)).toEqual([
      "UKSSDC job 14 · Enhanced position: ⊕ changed: Position: RA 219.28721°, Dec −62.65318° ± 1.6″ (14h 37m 08.93s, −62° 39′ 11.4″)"
    ])
    const hostile: Job.Snapshot = {
      ...done,
      tasks: [
        {
          ...done.tasks[0]!,
          outputs: [{ id: "x", label: "evil\u001b[2J\nlabel", url: "javascript:alert(1)\u0007" }]
        }
      ]
    }
    const [line, ...rest] = lines(job, hostile).slice(1)
    expect(rest).toEqual([])
    expect(line).toBe("UKSSDC job 14 · Enhanced position: ⊕ evil label: javascript:alert(1)")
  })

  it("tells TOM processes added and failing, and why", () => {
    expect(lines(seed("tom", "status-seed"), seed("tom", "status-later"))).toEqual([
      "TOM target 7 · timelapse_m13_2019-08-02-101041.webm: · added, pending",
      "TOM target 7 · astrosource_m13_2019-07-30-122657: ✗ pending → failed · failed — Not enough data to run astrosource: fewer than 2 frames in the r filter"
    ])
  })

  it("tells a TOO request moving through the queue", () => {
    expect(lines(seed("too", "status-queued"), seed("too", "status-processing"))).toEqual([
      "Swift TOO job 1187 · Swift TOO API job: ▶ queued → running · Processing"
    ])
  })

  it("gives the new status alone when the phase stays, and a code only when it is a word of its own", () => {
    const before = seed("tom", "pipeline-running-later")
    const after: Job.Snapshot = {
      ...before,
      tasks: before.tasks.map((task) => ({ ...task, code: "running photometry", text: "running photometry" }))
    }
    expect(lines(before, after)).toEqual([
      "TOM pipeline 52 · astrosource_m13_2019-08-02-101512: ▶ running photometry"
    ])
    const basic = seed("ukssdc", "status-basic")
    const binning: Job.Snapshot = {
      ...basic,
      tasks: basic.tasks.map((task) =>
        task.id === "lc" ? { ...task, code: 2, phase: "queued", text: "Queued" } : task
      )
    }
    // The UKSSDC's numeric code is its bookkeeping, not news.
    expect(lines(binning, basic)).toEqual(["UKSSDC job 1 · Light curve: ▶ queued → running · Running"])
    const worded: Job.Snapshot = {
      ...before,
      tasks: before.tasks.map((task) => ({ ...task, code: "PHOT", text: "running photometry" }))
    }
    expect(lines(before, worded)).toEqual([
      "TOM pipeline 52 · astrosource_m13_2019-08-02-101512: ▶ running photometry (PHOT)"
    ])
  })

  it("tells anomalies, naming a task that is gone by its id", () => {
    const before = seed("ukssdc", "status-extras")
    const after: Job.Snapshot = {
      ...before,
      tasks: before.tasks.flatMap((task) =>
        task.id === "xastrom"
          ? []
          : task.id === "lc"
            ? [{ ...task, phase: "running", code: 3, text: "Running" }]
            : [task]
      )
    }
    expect(lines(before, after)).toEqual([
      "UKSSDC job 3 · Light curve: anomaly: a UKSSDC product that had cancelled is now reported running (cancelled → running)",
      "UKSSDC job 3 · xastrom: anomaly: the server no longer reports this task (waiting → ?)"
    ])
  })

  it("colours the markers when asked, and only then", () => {
    const colour = Style.make(true)
    const [line] = lines(seed("tom", "pipeline-running-later"), seed("tom", "pipeline-finished"), colour)
    expect(line).toBe(
      `TOM pipeline 52 · astrosource_m13_2019-08-02-101512: ${colour.green("✓")} running → succeeded · created`
    )
  })

  it("lets no escape sequence or control character of a server through, and keeps each event on its line", () => {
    const nasty = "\u001b]0;pwned\u0007\u001b[2J\r\n\u009b1A\u0008"
    const before = seed("tom", "pipeline-running-early")
    const task = before.tasks[0]!
    const after: Job.Snapshot = {
      ...before,
      jobId: `52${nasty}`,
      tasks: [
        {
          ...task,
          label: `astro${nasty}`,
          code: `busy${nasty}`,
          text: `busy${nasty}`,
          logs: `${task.logs}one${nasty}two\n`
        }
      ]
    }
    const shown = lines(before, after)
    expect(shown).toEqual(["TOM 52  · astro : ▶ busy ", "TOM 52  · astro : │ one", "TOM 52  · astro : │ two"])
    for (const line of shown) expect(controls(line)).toEqual([])
  })

  it("says something, without throwing, of an event it does not know", () => {
    const snapshot = seed("ukssdc", "status-basic")
    const event = { _tag: "Teleported\u001b[2J", taskId: "lc" } as unknown as Job.Event
    expect(EventLine.format(snapshot, event, Style.plain)).toBe("UKSSDC job 1 · Light curve: Teleported")
  })
})
