/**
 * The simulated world of TOO requests: the seeded ones (some rejected, some
 * observed in several visits, one visit cut short by a GRB) and those
 * submitted since, each with its drawn {@link Plan.Plan}. What the API
 * answers about a request at an instant (its record, calendar, as-flown
 * snapshots, data files) is read off its plan and the clock.
 */
import type { Random } from "../internal/random.js"
import type { Submitted } from "./Form.js"
import * as Plan from "./Plan.js"

const hour = 3_600_000
const day = 24 * hour

/** A TOO request in the world. */
export interface Entry {
  readonly tooId: number
  readonly jobnumber: number
  readonly targetId: number
  readonly request: Submitted
  readonly plan: Plan.Plan
}

/** The observation ID of a visit: the target ID in eight digits, the segment in three. */
export const obsIdOf = (entry: Entry, visit: number): string =>
  `${String(entry.targetId).padStart(8, "0")}${String(visit + 1).padStart(3, "0")}`

/** How the world is set up. */
export interface Options {
  readonly random: Random
  readonly now: () => Date
  readonly firstTooId: number
  readonly firstJobNumber: number
  readonly firstTargetId: number
  readonly odds: Plan.Odds
  /** Start with the seeded requests (default: true). */
  readonly seeded: boolean
}

/** The world: its requests, and a way to add one. */
export interface World {
  /** Every request, oldest first. */
  readonly entries: () => ReadonlyArray<Entry>
  readonly entry: (tooId: number) => Entry | undefined
  /** Adds a submitted request, drawing its plan. */
  readonly submit: (request: Submitted) => Entry
}

const base = {
  instrument: "XRT" as const,
  poserr: undefined,
  urgency: 2,
  opt_mag: undefined,
  opt_filt: undefined,
  bat_countrate: undefined,
  other_brightness: undefined,
  grb_detector: undefined,
  grb_triggertime: undefined,
  exp_time_per_visit: undefined,
  xrt_mode: 7,
  uvot_mode: "0x9999",
  uvot_just: "",
  validate_only: false
}

/** The seeded requests, each submitted some time before the clock's start and made to go a given way. */
const seeds: ReadonlyArray<{
  readonly ago: number
  readonly request: Submitted
  readonly force: Partial<Plan.Force>
}> = [
  {
    ago: 12 * day,
    force: { decision: "Approved", interrupt: [] },
    request: {
      ...base,
      username: "kennea",
      target_name: "AT 2026bqz",
      target_type: "Tidal disruption event",
      ra: 201.365,
      dec: -43.019,
      obs_type: "Light Curve",
      xrt_countrate: "0.05",
      science_just: "A nearby TDE: three visits follow its X-ray rise.",
      immediate_objective: "X-ray light curve",
      exposure: 6000,
      exp_time_just: "2 ks per visit",
      num_of_visits: 3,
      monitoring_freq: "2 days"
    }
  },
  {
    ago: 9 * day,
    force: { decision: "Rejected" },
    request: {
      ...base,
      username: "someone",
      target_name: "SN 2026xx",
      target_type: "Supernova",
      ra: 150.1,
      dec: 2.2,
      obs_type: "Spectroscopy",
      opt_mag: "19.5",
      opt_filt: "V",
      xrt_countrate: undefined,
      science_just: "Late-time X-rays of a type Ia supernova.",
      immediate_objective: "Detect X-rays",
      exposure: 10000,
      exp_time_just: "Deep limit",
      num_of_visits: 1,
      monitoring_freq: "1 day"
    }
  },
  {
    ago: 8 * day,
    force: { decision: "Approved", interrupt: [0] },
    request: {
      ...base,
      username: "kennea",
      target_name: "MAXI J1820+070",
      target_type: "X-ray binary",
      ra: 275.0914,
      dec: 7.1853,
      obs_type: "Timing",
      xrt_countrate: "30",
      xrt_mode: 6,
      science_just: "A new outburst: two visits catch the state change.",
      immediate_objective: "Spectral state",
      exposure: 3000,
      exp_time_just: "1.5 ks per visit",
      num_of_visits: 2,
      monitoring_freq: "1 day"
    }
  },
  {
    ago: 4 * day,
    force: { decision: "Rejected" },
    request: {
      ...base,
      username: "kennea",
      target_name: "Sco X-1",
      target_type: "X-ray binary",
      ra: 244.9794,
      dec: -15.6402,
      obs_type: "Spectroscopy",
      xrt_countrate: "10000",
      science_just: "Far too bright for the XRT.",
      immediate_objective: "Spectrum",
      exposure: 2000,
      exp_time_just: "2 ks",
      num_of_visits: 1,
      monitoring_freq: "1 day"
    }
  },
  {
    ago: 2 * hour,
    force: { decision: "Approved", interrupt: [] },
    request: {
      ...base,
      username: "someone",
      target_name: "GRB 260301A",
      target_type: "GRB",
      ra: 122.5,
      dec: -33.1,
      obs_type: "Position",
      xrt_countrate: "1",
      grb_detector: "Fermi/GBM",
      grb_triggertime: "2026-03-01T00:00:00",
      science_just: "Localise a GBM burst.",
      immediate_objective: "Position",
      exposure: 4000,
      exp_time_just: "4 ks tiling",
      num_of_visits: 1,
      monitoring_freq: "1 day"
    }
  }
]

/** Makes the world, its seeded requests submitted before `now()`. */
export const make = (options: Options): World => {
  const entries: Array<Entry> = []
  const byId = new Map<number, Entry>()
  let nextTargetId = options.firstTargetId
  const add = (request: Submitted, submittedAt: number, force?: Partial<Plan.Force>): Entry => {
    const tooId = options.firstTooId + entries.length
    const visits = request.num_of_visits ?? 1
    const exposure = Math.max(60, Math.round(request.exp_time_per_visit ?? request.exposure / visits))
    const ask: Plan.Ask = {
      submittedAt,
      visits,
      exposure,
      cadence: Plan.cadenceOf(request.monitoring_freq)
    }
    const entry: Entry = {
      tooId,
      jobnumber: options.firstJobNumber + entries.length,
      targetId: nextTargetId++,
      request,
      plan: Plan.draw(ask, options.odds, options.random.fork(`too-request/${tooId}`), force)
    }
    entries.push(entry)
    byId.set(tooId, entry)
    return entry
  }
  if (options.seeded) {
    const start = options.now().getTime()
    for (const seed of seeds) add(seed.request, start - seed.ago, seed.force)
  }
  return {
    entries: () => entries,
    entry: (tooId) => byId.get(tooId),
    submit: (request) => add(request, options.now().getTime())
  }
}
