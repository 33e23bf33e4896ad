/**
 * Throughput of contenders timed in interleaved rounds, each reported as a
 * ratio to a baseline timed in the same rounds: the machines are shared and
 * noisy, so only the ratio means something from one run to the next.
 */
import { performance } from "node:perf_hooks"

/** One piece of work to time. */
export interface Contender {
  /** Key in the results JSON, e.g. `effectCore`. */
  readonly name: string
  /** What a reader sees in the table. */
  readonly label: string
  /** One operation; its result is kept so that the work cannot be optimised away. */
  readonly run: () => unknown
}

/** How long to time. */
export interface Options {
  /** Timed rounds per contender; the median is reported (default: 7). */
  readonly rounds: number
  /** Milliseconds per contender per round (default: 300). */
  readonly roundMs: number
}

/** The default {@link Options}: about 2 s per contender, plus one warm-up round. */
export const defaultOptions: Options = { rounds: 7, roundMs: 300 }

/** A contender's throughput, absolute and relative to the baseline. */
export interface Throughput {
  readonly label: string
  /** Median operations per second over the rounds. */
  readonly opsPerSecond: number
  /** Median ops/s divided by the baseline's median ops/s. */
  readonly ratio: number
  /** Lowest and highest ratio to the baseline within a single round: how noisy the run was. */
  readonly ratioRange: readonly [number, number]
  /** Operations per second of each round, in order. */
  readonly rounds: ReadonlyArray<number>
}

// Holds the latest result, so that V8 must compute every one.
let sink: unknown

/** Runs `run` for about `ms` milliseconds, reading the clock every `batch` operations. */
const timeRound = (run: () => unknown, ms: number, batch: number): number => {
  const start = performance.now()
  const deadline = start + ms
  let ops = 0
  let now = start
  do {
    for (let i = 0; i < batch; i++) sink = run()
    ops += batch
    now = performance.now()
  } while (now < deadline)
  return (ops * 1000) / (now - start)
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * Times every contender in interleaved rounds and reports each against the
 * first, the baseline.
 *
 * Each round runs every contender once, starting one further along the list
 * each round, so that a burst of load from elsewhere or a garbage collection
 * left by the previous contender does not always land on the same one. One
 * untimed warm-up round first lets V8 optimise each contender.
 */
export const throughput = (
  contenders: ReadonlyArray<Contender>,
  options: Options = defaultOptions
): Record<string, Throughput> => {
  if (contenders.length === 0) throw new Error("throughput needs at least a baseline contender")
  // About ten clock reads per millisecond: negligible beside the work, yet the
  // round still ends close to its deadline.
  const batches = contenders.map(({ run }) => {
    const warmOps = timeRound(run, options.roundMs, 1)
    return Math.max(1, Math.floor(warmOps / 10_000))
  })
  const perRound = contenders.map((): Array<number> => [])
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const index = (round + k) % contenders.length
      const contender = contenders[index]!
      sink = undefined
      perRound[index]!.push(timeRound(contender.run, options.roundMs, batches[index]!))
      if (sink === undefined)
        throw new Error(`${contender.name} returned nothing: return the result it computes`)
    }
  }
  const baseline = perRound[0]!
  const baselineMedian = median(baseline)
  const results: Record<string, Throughput> = {}
  contenders.forEach((contender, index) => {
    const rounds = perRound[index]!
    const ratios = rounds.map((ops, round) => ops / baseline[round]!)
    const opsPerSecond = median(rounds)
    results[contender.name] = {
      label: contender.label,
      opsPerSecond,
      ratio: opsPerSecond / baselineMedian,
      ratioRange: [Math.min(...ratios), Math.max(...ratios)],
      rounds
    }
  })
  return results
}
