/**
 * Answers `Swift_VisQuery`: when Swift can observe a position. Low-resolution
 * windows are the stretches when the target is at least {@link Sky.sunLimit}
 * degrees from the Sun; high-resolution windows split them into one window per
 * 96-minute orbit, when the Earth does not hide the target: longer near the
 * orbit's poles (|dec| near 70°), shorter near the equator. The answer is a pure
 * function of the query.
 */
import * as Orbit from "./Orbit.js"
import * as Sky from "./Sky.js"

/** What a visibility query asks. */
export interface Query extends Sky.Position {
  readonly begin: Date
  /** Days to look ahead. */
  readonly length: number
  /** One window per orbit (true) or only the Sun constraint (false). */
  readonly hires: boolean
}

/** A stretch of time in which Swift can observe the target. */
export interface Window {
  readonly begin: Date
  readonly end: Date
}

interface Span {
  readonly begin: number
  readonly end: number
}

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

/** The longest query answered, days: low and high resolution. */
export const maxLength = { lowres: 366, hires: 31 } as const

const isVisible = (target: Sky.Position, time: number): boolean =>
  Sky.sunDistance(target, new Date(time)) >= Sky.sunLimit

/** The first whole minute in (from, to] where visibility is `state`, given it is not at `from` and is at `to`. */
const edge = (target: Sky.Position, from: number, to: number, state: boolean): number => {
  let low = from
  let high = to
  while (high - low > minute) {
    const middle = low + Math.floor((high - low) / 2 / minute) * minute
    if (isVisible(target, middle) === state) high = middle
    else low = middle
  }
  return high
}

/** The stretches of [begin, end) when the target is far enough from the Sun: sampled hourly, edges found to the minute. */
const sunWindows = (target: Sky.Position, begin: number, end: number): Array<Span> => {
  const spans: Array<Span> = []
  let visible = isVisible(target, begin)
  let openedAt = begin
  for (let time = begin; time < end; ) {
    const next = Math.min(time + hour, end)
    const nextVisible = isVisible(target, next)
    if (nextVisible !== visible) {
      const at = edge(target, time, next, nextVisible)
      if (visible) spans.push({ begin: openedAt, end: at })
      else openedAt = at
      visible = nextVisible
    }
    time = next
  }
  if (visible) spans.push({ begin: openedAt, end })
  return spans
}

/** The fraction of an orbit a target is above the Earth's limb: about half at the equator, nearly all near the orbit's poles. */
const unoccultedFraction = (dec: number): number => {
  const x = Math.min(1, Math.max(0, (Math.abs(dec) - 20) / 50))
  return 0.45 + 0.5 * x * x * (3 - 2 * x)
}

/**
 * The target rises once per orbit, a little later each time as the orbit
 * precesses: the n-th rise comes `risePeriod` after the previous one.
 */
const risePeriod = Orbit.period * 1.013

/** When the target first rose, the origin of its rises. */
const firstRise = (target: Sky.Position): number =>
  Orbit.epoch + ((target.ra / 360 + (target.dec + 90) / 720) % 1) * Orbit.period

/** The `index`-th stretch in which the Earth does not hide the target. */
const unocculted = (target: Sky.Position, index: number): Span => {
  const begin = firstRise(target) + index * risePeriod
  const length = unoccultedFraction(target.dec) * Orbit.period
  const shortenedBy = Orbit.noise(`vis/${index}/${target.ra}/${target.dec}`).int(0, 4) * minute
  return { begin, end: begin + length - shortenedBy }
}

const ceilMinute = (time: number): number => Math.ceil(time / minute) * minute
const floorMinute = (time: number): number => Math.floor(time / minute) * minute

/** Each span split into one window per orbit, trimmed to whole minutes. */
const orbitWindows = (target: Sky.Position, spans: ReadonlyArray<Span>): Array<Span> => {
  const windows: Array<Span> = []
  for (const span of spans) {
    // The rise before the span may reach into it.
    const first = Math.floor((span.begin - firstRise(target)) / risePeriod) - 1
    for (let index = first; firstRise(target) + index * risePeriod < span.end; index++) {
      const stretch = unocculted(target, index)
      const begin = ceilMinute(Math.max(stretch.begin, span.begin))
      const end = floorMinute(Math.min(stretch.end, span.end))
      if (end - begin >= minute) windows.push({ begin, end })
    }
  }
  return windows
}

/** The windows in which Swift can observe the target, from `begin` (to the minute) for `length` days. */
export const windows = (query: Query): ReadonlyArray<Window> => {
  const begin = floorMinute(query.begin.getTime())
  const end = begin + Math.round(query.length * day)
  const spans = sunWindows(query, begin, end)
  return (query.hires ? orbitWindows(query, spans) : spans).map((span) => ({
    begin: new Date(span.begin),
    end: new Date(span.end)
  }))
}
