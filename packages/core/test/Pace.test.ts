import { describe, expect, it } from "@effect/vitest"
import { Eta, type Job, Pace, Progress } from "@jobscope/core"
import * as Duration from "effect/Duration"
import { expectJsonRoundTrip } from "./roundTrip.js"
import { task } from "./task.js"

const start = Date.UTC(2026, 10, 22, 10, 0, 0)
const second = 1000

/**
 * A task of kind `lc` that runs `total` ms at an uneven pace: its first step
 * (ten items, counted) takes 90 % of the time, its second (no counter) the last
 * 10 %. At an even pace of steps, half done would mean half the time.
 */
const unevenAt = (elapsed: number, total: number): Job.Task => {
  if (elapsed >= total) return task("lc", "succeeded")
  const firstEnds = total * 0.9
  const steps =
    elapsed < firstEnds
      ? [
          Progress.make("Extract.", "active", {
            counter: { current: Math.floor((elapsed / firstEnds) * 10) + 1, total: 10 }
          }),
          Progress.make("Plot.", "pending")
        ]
      : [Progress.make("Extract.", "done"), Progress.make("Plot.", "active")]
  return task("lc", "running", { steps, elapsed: Duration.millis(elapsed) })
}

const snapshotAt = (tasks: ReadonlyArray<Job.Task>, millis: number): Job.Snapshot => ({
  source: "ukssdc",
  jobId: "42",
  tasks,
  observedAt: new Date(start + millis)
})

/**
 * Polls one uneven task every `every` ms until it is over, estimating with
 * what `book` holds; answers the estimates (ms left, by instant) and what the
 * task left to learn.
 */
const follow = (book: Pace.Book, total: number, every: number) => {
  let tracks: ReadonlyArray<Eta.TaskTrack> = []
  let polledAt: number | undefined
  const remaining = new Map<number, number | undefined>()
  const finished: Array<Pace.Finished> = []
  for (let now = every; now <= total + every; now += every) {
    const estimate = Eta.estimate(snapshotAt([unevenAt(now, total)], now), tracks, polledAt, {
      book,
      source: "UKSSDC"
    })
    remaining.set(now, estimate.remaining)
    finished.push(...estimate.finished)
    tracks = estimate.tracks
    polledAt = start + now
  }
  return { remaining, finished }
}

/** A book learned from `tasks` uneven tasks of the given running times, polled every 30 s. */
const learnedFrom = (totals: ReadonlyArray<number>): Pace.Book =>
  totals.reduce(
    (book, total) => follow(book, total, 30 * second).finished.reduce(Pace.record, book),
    Pace.empty
  )

describe("Pace", () => {
  it("learns nothing from fewer than minSamples tasks, and a task's pace once enough have ended", () => {
    const fromTwo = learnedFrom([1000 * second, 1200 * second])
    expect(Pace.totalFrom(fromTwo, "UKSSDC", "lc", 0.5, 900 * second)).toBeUndefined()
    const fromFive = learnedFrom([1000, 1200, 800, 1500, 1100].map((total) => total * second))
    // Half the steps done at 900 s: the task is 90 % through, so about 1000 s in all.
    const total = Pace.totalFrom(fromFive, "UKSSDC", "lc", 0.5, 900 * second)!
    expect(Math.abs(total - 1000 * second)).toBeLessThan(60 * second)
    // Another kind, or another Source, learned nothing.
    expect(Pace.totalFrom(fromFive, "UKSSDC", "spec", 0.5, 900 * second)).toBeUndefined()
    expect(Pace.totalFrom(fromFive, "TOM", "lc", 0.5, 900 * second)).toBeUndefined()
  })

  it("puts a task in its quick last step near its end, where an even pace puts it halfway", () => {
    const book = learnedFrom([1000, 1200, 800, 1500, 1100].map((total) => total * second))
    const total = 2000 * second
    const learned = follow(book, total, 30 * second).remaining
    const even = follow(Pace.empty, total, 30 * second).remaining
    // 1830 s in: the last step started at 1800 s, 170 s are left.
    expect(Math.abs(learned.get(1830 * second)! - 170 * second)).toBeLessThan(60 * second)
    expect(even.get(1830 * second)!).toBeGreaterThan(1000 * second)
  })

  it("counts the estimate down while a step without a counter runs", () => {
    const book = learnedFrom([1000, 1200, 800, 1500, 1100].map((total) => total * second))
    const remaining = follow(book, 3000 * second, 30 * second).remaining
    const first = remaining.get(2730 * second)!
    const later = remaining.get(2850 * second)!
    expect(first - later).toBeCloseTo(120 * second, -3)
  })

  it("does not learn from a task that started its steps over, nor read its estimate from what was learned", () => {
    const book = learnedFrom([1000, 1200, 800].map((total) => total * second))
    const again = [Progress.make("Extract.", "active", { counter: { current: 2, total: 10 } })]
    let tracks: ReadonlyArray<Eta.TaskTrack> = []
    const learned = { book, source: "UKSSDC" }
    for (const [millis, steps] of [
      [100 * second, [Progress.make("Extract.", "done"), Progress.make("Plot.", "active")]],
      [200 * second, again],
      [300 * second, again]
    ] as const) {
      const running = task("lc", "running", { steps, elapsed: Duration.millis(millis) })
      tracks = Eta.estimate(
        snapshotAt([running], millis),
        tracks,
        start + millis - 100 * second,
        learned
      ).tracks
    }
    expect(tracks[0]!.origin).toBeGreaterThan(0)
    expect(tracks[0]!.seen).toBeUndefined()
    const over = Eta.estimate(
      snapshotAt([task("lc", "succeeded")], 400 * second),
      tracks,
      start + 300 * second,
      learned
    )
    expect(over.finished).toEqual([])
  })

  it("keeps what it learned as plain JSON", () => {
    const book = learnedFrom([1000, 1200, 800].map((total) => total * second))
    expect(Object.keys(book).length).toBeGreaterThan(3)
    expectJsonRoundTrip(Pace.Book, book)
  })

  it("bins fractions strictly between 0 and 1", () => {
    expect([0, 0.01, 0.5, 0.99, 1].map(Pace.binOf)).toEqual([undefined, 0, 10, Pace.bins - 1, undefined])
  })
})
