/**
 * The instant of a planned poll, always a valid date: a delay that is not a
 * finite number of milliseconds (a policy fed Infinity) or is absurdly long
 * becomes {@link maxDelay}, so `nextPollAt` is never NaN and a saved state
 * always matches its schema.
 */

/** The furthest ahead a poll is ever planned, in milliseconds (1 day). */
export const maxDelay = 24 * 60 * 60 * 1000

/** `now` plus `delay` milliseconds, the delay bounded to [0, {@link maxDelay}]. */
export const at = (now: number, delay: number): Date =>
  new Date(now + (Number.isNaN(delay) ? maxDelay : Math.min(Math.max(delay, 0), maxDelay)))
