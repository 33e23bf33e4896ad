/**
 * Seeded pseudo-random numbers. Each job draws from its own stream, forked by
 * a label, so that what one job does never depends on how often another one
 * was polled: the same seed gives the same replies whatever the clients do.
 */

/** A deterministic source of numbers in [0, 1). */
export interface Random {
  /** The next number in [0, 1). */
  readonly next: () => number
  /** An integer in [min, max], both included. */
  readonly int: (min: number, max: number) => number
  /** One element of a non-empty array. */
  readonly pick: <A>(values: ReadonlyArray<A>) => A
  /** An independent stream for `label`, the same for the same seed and label. */
  readonly fork: (label: string) => Random
}

// FNV-1a: folds a label into 32 bits.
const hash = (text: string, seed: number): number => {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** Makes a stream from a 32-bit seed (mulberry32). */
export const make = (seed: number): Random => {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (values) => {
      if (values.length === 0) throw new RangeError("pick needs at least one value")
      return values[Math.floor(next() * values.length)]!
    },
    fork: (label) => make(hash(label, seed))
  }
}
