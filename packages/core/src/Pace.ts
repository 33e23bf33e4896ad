/**
 * What a watcher learns of how its jobs' tasks move: for each kind of task of
 * a Source (a UKSSDC product such as `lc`), how much of the task's running time
 * has passed when its steps are a given fraction done. Tasks of one kind go
 * through the same steps from job to job, but not at an even pace (a light
 * curve's plotting is quick, a spectrum's fits are most of it), so once a few
 * have finished, a task's whole running time is read from where it stands now
 * (`elapsed / share`) rather than assuming an even pace, which runs long or
 * short. Plain data that is its own JSON, to save and resume.
 *
 * @example
 * ```ts
 * import { Pace } from "@jobscope/core"
 *
 * let book = Pace.empty
 * // a light curve seen 3/4 through its steps at 900 s, and over at 1000 s:
 * book = Pace.record(book, { source: "UKSSDC", task: "lc", seen: [{ fraction: 0.75, at: 900_000 }], total: 1_000_000 })
 * Pace.totalFrom(book, "UKSSDC", "lc", 0.75, 450_000) // 500_000 once minSamples tasks agree
 * ```
 */
import * as Schema from "effect/Schema"

/** How many bins the fraction done is read in: 0–5 %, 5–10 % … */
export const bins = 20

/** What is known of one bin of one kind of task: how many tasks were seen in it, and their means. */
export const Bin = Schema.Struct({
  count: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  /** The mean fraction of the steps done, of the polls that fell in this bin. */
  fraction: Schema.Finite,
  /** The mean share of the task's whole running time that had passed then, from 0 to 1. */
  share: Schema.Finite
})

/** What is known of one bin of one kind of task. */
export interface Bin extends Schema.Schema.Type<typeof Bin> {}

/** What has been learned, by Source, kind of task and bin (see {@link keyOf}). */
export const Book = Schema.Record(Schema.String, Bin)

/** What has been learned. */
export type Book = typeof Book.Type

/** Nothing learned yet. */
export const empty: Book = {}

/** Finished tasks a bin needs before it is used: fewer say too little. */
export const minSamples = 3

/** The key of one bin of one kind of task of a Source in a {@link Book}. */
export const keyOf = (source: string, task: string, bin: number): string =>
  `${source}\u0000${task}\u0000${bin}`

/** Where a task stood at one poll: the fraction of its steps done, and its running time then, in ms. */
export interface Seen {
  readonly fraction: number
  readonly at: number
}

/** A task seen to its end: where it stood at the polls that saw it (one per bin is enough), and its whole running time, in ms. */
export interface Finished {
  readonly source: string
  /** The task's id, which names its kind (a UKSSDC product). */
  readonly task: string
  readonly seen: ReadonlyArray<Seen>
  readonly total: number
}

/** The bin of a fraction done, or `undefined` outside (0, 1). */
export const binOf = (fraction: number): number | undefined =>
  fraction > 0 && fraction < 1 ? Math.min(Math.floor(fraction * bins), bins - 1) : undefined

/** The book with a finished task's polls added to the means of their bins. */
export const record = (book: Book, finished: Finished): Book => {
  if (!(finished.total > 0 && Number.isFinite(finished.total))) return book
  const next: Record<string, Bin> = { ...book }
  for (const { fraction, at } of finished.seen) {
    const bin = binOf(fraction)
    if (bin === undefined || !(at >= 0)) continue
    const share = Math.min(at / finished.total, 1)
    const key = keyOf(finished.source, finished.task, bin)
    const before = next[key]
    next[key] =
      before === undefined
        ? { count: 1, fraction, share }
        : {
            count: before.count + 1,
            fraction: before.fraction + (fraction - before.fraction) / (before.count + 1),
            share: before.share + (share - before.share) / (before.count + 1)
          }
  }
  return next
}

/** The nearest bin on one side of `bin` that enough tasks were seen in. */
const nearest = (book: Book, source: string, task: string, bin: number, step: 1 | -1): Bin | undefined => {
  for (let at = bin; at >= 0 && at < bins; at += step) {
    const found = book[keyOf(source, task, at)]
    if (found !== undefined && found.count >= minSamples) return found
  }
  return undefined
}

/**
 * A task's whole running time, in ms, from where it stands: `elapsed` ms run
 * with `fraction` of its steps done. The share of running time at that
 * fraction is read between the two nearest learned bins around it (straight
 * line between their means); `undefined` when no learned bin lies on each side,
 * or the share is too small to divide by.
 */
export const totalFrom = (
  book: Book,
  source: string,
  task: string,
  fraction: number,
  elapsed: number
): number | undefined => {
  const bin = binOf(fraction)
  if (bin === undefined) return undefined
  const below = nearest(book, source, task, bin, -1)
  const above = nearest(book, source, task, bin, 1)
  if (below === undefined || above === undefined) return undefined
  const span = above.fraction - below.fraction
  const share =
    span > 0
      ? below.share + ((above.share - below.share) * (fraction - below.fraction)) / span
      : (below.share + above.share) / 2
  return share >= 0.02 ? elapsed / share : undefined
}
