/**
 * UWS 1.1 blocking `WAIT` on the simulated clock: a request is held until
 * the job leaves the phase it was in, is changed or destroyed by another
 * request, or the wait runs out. On a scaled clock a real timer is set for
 * the simulated instant of the next planned change (or the deadline); on a
 * stepped clock every `advance` looks again. Either way the answer comes at
 * the simulated instant of the change, so a client that waits sends one
 * request per change.
 */
import type * as Clock from "../Clock.js"
import type * as Phase from "./Phase.js"

/** The longest a Node timer can be set for, ms; a longer wait looks again when it fires. */
const maxTimer = 2 ** 31 - 1

/** The requests the waits of a service hold at this moment, and when the first of them will be answered. */
export interface Holds {
  /** How many requests are held now. */
  readonly held: () => number
  /**
   * The earliest simulated instant, epoch ms, at which a held request would
   * be answered if nothing else happened (its job's next phase change or its
   * deadline), or undefined when none is held.
   */
  readonly nextWake: () => number | undefined
  /** Registers a held request by when it would be answered; returns the function that releases it. */
  readonly hold: (wake: () => number) => () => void
}

/** Makes an empty register of held requests. */
export const makeHolds = (): Holds => {
  const wakes = new Set<() => number>()
  return {
    held: () => wakes.size,
    nextWake: () => (wakes.size === 0 ? undefined : Math.min(...[...wakes].map((wake) => wake()))),
    hold: (wake) => {
      // A wrapper per hold, so that two requests waking at the same instant count twice.
      const entry = () => wake()
      wakes.add(entry)
      return () => void wakes.delete(entry)
    }
  }
}

/** What a wait watches. */
export interface Watch {
  readonly clock: Clock.Clock
  /** The simulated instant, epoch ms, when the wait runs out. */
  readonly deadline: number
  /** The job's phase now, or undefined once it is gone. */
  readonly phase: () => Phase.Phase | undefined
  /** The next planned phase change after now, epoch ms, if any. */
  readonly nextChange: () => number | undefined
  /** Subscribes to changes clients make to the job; returns the unsubscribe. */
  readonly onChange: (listener: () => void) => () => void
  /** Ends the wait early (the client left, the server is closing). */
  readonly signal?: AbortSignal | undefined
  /** Counts the request as held while it waits. */
  readonly holds: Holds
}

/** Resolves when the phase is no longer the one it was at the start, or the wait is over. */
export const untilPhaseChanges = (watch: Watch): Promise<void> =>
  new Promise<void>((resolve) => {
    const { clock } = watch
    const started = watch.phase()
    let timer: ReturnType<typeof setTimeout> | undefined
    const cleanups: Array<() => void> = []
    let finished = false
    const finish = () => {
      if (finished) return
      finished = true
      release()
      if (timer !== undefined) clearTimeout(timer)
      for (const cleanup of cleanups) cleanup()
      resolve()
    }
    const check = () => {
      const now = clock.now().getTime()
      const phase = watch.phase()
      if (phase === undefined || phase !== started || now >= watch.deadline) return finish()
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      if (clock.speed > 0) {
        const next = Math.min(watch.nextChange() ?? Number.POSITIVE_INFINITY, watch.deadline)
        // At least a millisecond: the clock may read a hair before the instant the timer was set for.
        timer = setTimeout(check, Math.min(maxTimer, Math.max(1, Math.ceil((next - now) / clock.speed))))
      }
    }
    if (watch.signal?.aborted === true) return resolve()
    const release = watch.holds.hold(() =>
      Math.min(watch.nextChange() ?? Number.POSITIVE_INFINITY, watch.deadline)
    )
    cleanups.push(clock.onAdvance(check), watch.onChange(check))
    if (watch.signal !== undefined) {
      const signal = watch.signal
      signal.addEventListener("abort", finish, { once: true })
      cleanups.push(() => signal.removeEventListener("abort", finish))
    }
    check()
  })
