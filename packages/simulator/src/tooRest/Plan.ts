/**
 * The life of one simulated TOO request, drawn once when it is submitted and
 * then read off the clock: when the duty scientist decides and how, when the
 * planners put its visits in the calendar, the snapshots Swift flies in each
 * visit (a visit may be cut short by a GRB), and when each observation's data
 * reach the archive. Everything is a pure function of the plan and the time.
 */
import type { Random } from "../internal/random.js"
import * as Orbit from "../too/Orbit.js"

const second = 1000
const minute = 60 * second
const hour = 60 * minute
const day = 24 * hour

/** The longest exposure Swift takes of one target in one orbit, seconds. */
export const orbitExposure = 1500

/** One snapshot Swift flies: slew from `begin`, settled at `settle`, exposing until `end`. */
export interface Snapshot {
  readonly begin: number
  readonly settle: number
  readonly end: number
  /** Set on the snapshot a GRB cut short. */
  readonly comment?: string
}

/** One visit: its calendar window and planned exposure, and the snapshots flown in it. */
export interface Visit {
  readonly begin: number
  readonly end: number
  /** Planned exposure, seconds. */
  readonly duration: number
  readonly snapshots: ReadonlyArray<Snapshot>
  /** Whether a GRB cut it short. */
  readonly interrupted: boolean
  /** When its data reach the archive. */
  readonly archivedAt: number
}

/** How a request is decided and flown. */
export interface Plan {
  readonly submittedAt: number
  readonly decidedAt: number
  readonly decision: "Approved" | "Rejected"
  /** When the visits appear in the calendar. */
  readonly scheduledAt: number
  readonly visits: ReadonlyArray<Visit>
}

/** What shapes a plan: the request's visits, exposure and cadence, and the simulator's odds. */
export interface Ask {
  readonly submittedAt: number
  readonly visits: number
  /** Exposure per visit, seconds. */
  readonly exposure: number
  /** Time between visits, milliseconds. */
  readonly cadence: number
}

/** The odds of a simulated world. */
export interface Odds {
  /** The chance a request is rejected. */
  readonly rejection: number
  /** The chance a visit is cut short by a GRB. */
  readonly interruption: number
}

/** The snapshots of a visit: one per orbit, up to {@link orbitExposure} seconds each, the last shortened if cut. */
const snapshotsOf = (
  begin: number,
  duration: number,
  flown: number,
  random: Random
): ReadonlyArray<Snapshot> => {
  const snapshots: Array<Snapshot> = []
  let planned = 0
  for (let orbit = 0; planned < duration; orbit++) {
    const exposure = Math.min(orbitExposure, duration - planned)
    const start = begin + orbit * Orbit.period + random.int(0, 10) * minute
    const settle = start + random.int(60, 240) * second
    const kept = Math.min(exposure, Math.max(0, flown - planned))
    if (kept <= 0) break
    snapshots.push({
      begin: start,
      settle,
      end: settle + kept * second,
      ...(kept < exposure ? { comment: "Interrupted by a GRB trigger" } : {})
    })
    planned += exposure
  }
  return snapshots
}

/**
 * Draws a plan: a decision 1 to 6 hours after submission, the calendar 1 to
 * 3 hours after that, the first visit 1 to 8 hours later and the next ones a
 * cadence apart; each visit spans the orbits its exposure needs, and its
 * data are archived 2 to 6 hours after its last snapshot.
 */
export const draw = (ask: Ask, odds: Odds, random: Random, force: Partial<Force> = {}): Plan => {
  const decidedAt = ask.submittedAt + random.int(60, 360) * minute
  // A seeded request goes the way it was made to, whatever the sky and the dice say.
  const rejected =
    force.decision === undefined ? random.next() < odds.rejection : force.decision === "Rejected"
  const scheduledAt = decidedAt + random.int(60, 180) * minute
  const first = scheduledAt + random.int(60, 480) * minute
  const visits: Array<Visit> = []
  if (!rejected) {
    for (let index = 0; index < ask.visits; index++) {
      const begin = first + index * ask.cadence
      const interrupted = force.interrupt?.includes(index) ?? random.next() < odds.interruption
      const flown = interrupted
        ? Math.max(60, Math.round(ask.exposure * (0.2 + 0.5 * random.next())))
        : ask.exposure
      const snapshots = snapshotsOf(begin, ask.exposure, flown, random)
      const orbits = Math.ceil(ask.exposure / orbitExposure)
      const end = begin + orbits * Orbit.period
      const lastEnd = snapshots.at(-1)?.end ?? begin
      visits.push({
        begin,
        end,
        duration: ask.exposure,
        snapshots,
        interrupted,
        archivedAt: lastEnd + random.int(120, 360) * minute
      })
    }
  }
  return {
    submittedAt: ask.submittedAt,
    decidedAt,
    decision: rejected ? "Rejected" : "Approved",
    scheduledAt,
    visits
  }
}

/** What a seeded request is made to do, whatever the dice say. */
export interface Force {
  readonly decision: "Approved" | "Rejected"
  /** The visits (by index) a GRB cuts short. */
  readonly interrupt: ReadonlyArray<number>
}

/** Seconds flown of a visit by `now`. */
export const flownBy = (visit: Visit, now: number): number =>
  visit.snapshots.reduce(
    (sum, snapshot) => sum + Math.max(0, Math.min(now, snapshot.end) - snapshot.settle) / second,
    0
  )

/** The snapshots of a visit finished by `now`: the as-flown timeline holds only those. */
export const flownSnapshots = (visit: Visit, now: number): ReadonlyArray<Snapshot> =>
  visit.snapshots.filter((snapshot) => snapshot.end <= now)

/** Whether the planners count the request done by `now`: its last visit is over. */
export const isDone = (plan: Plan, now: number): boolean => {
  const last = plan.visits.at(-1)
  return last !== undefined && now >= last.end
}

/** The time between visits a request's `monitoring_freq` asks for ("1 day", "12 hours", "2 weeks"), 1 day by default. */
export const cadenceOf = (text: string | undefined): number => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(minute|hour|day|week|month)s?\s*$/i.exec(text ?? "")
  if (match === null) return day
  const unit = { minute, hour, day, week: 7 * day, month: 30 * day }[match[2]!.toLowerCase() as "day"]
  return Math.max(hour, Number(match[1]) * unit)
}
