/**
 * Swift's orbit as the simulator models it: 96-minute orbits counted from
 * launch, and a noise source that is a pure function of a label, so that
 * visibility windows and the as-flown timeline are the same for the same
 * question whatever the simulator's seed or history.
 */
import * as Random from "../internal/random.js"

/** One orbit, milliseconds. */
export const period = 96 * 60_000

/** Orbit 0 begins at launch, 2004-11-20 17:16 UTC. */
export const epoch = Date.UTC(2004, 10, 20, 17, 16)

/** The orbit a time falls in. */
export const indexAt = (time: number): number => Math.floor((time - epoch) / period)

/** When an orbit begins, milliseconds since 1970. */
export const startOf = (index: number): number => epoch + index * period

const noiseRoot = Random.make(0)

/** A random stream that depends only on `label`. */
export const noise = (label: string): Random.Random => noiseRoot.fork(label)
