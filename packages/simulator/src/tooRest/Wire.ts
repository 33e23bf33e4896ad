/**
 * What the simulated REST API says about a request at an instant, as the
 * core's `TooRest` types (so every reply is encoded by the core's schemas):
 * its record (public, or in detail for its owner), its calendar entries, the
 * snapshots of the as-flown timeline, and its data files.
 */
import type { TooRest } from "@jobscope/core"
import * as Plan from "./Plan.js"
import { type Entry, obsIdOf } from "./World.js"

/** UVOT's filter of the day, as a number. */
const filterOfTheDay = 0x9999

/** The merit the planners give TOO visits. */
const tooMerit = 70

/** The calendar entries of a request by `now`: none before it is scheduled. */
export const calendarOf = (entry: Entry, now: number): ReadonlyArray<TooRest.CalendarEntry> => {
  const { plan, request } = entry
  if (plan.decision !== "Approved" || now < plan.scheduledAt) return []
  return plan.visits.map((visit) => ({
    begin: new Date(visit.begin),
    end: new Date(visit.end),
    type: "TOO",
    pi_name: request.username,
    duration: visit.duration,
    asflown: Math.round(Plan.flownBy(visit, now)),
    target_id: entry.targetId,
    target_name: request.target_name,
    ra: request.ra,
    dec: request.dec,
    merit: tooMerit,
    xrt_mode: request.xrt_mode,
    uvot_mode: filterOfTheDay,
    bat_mode: 0
  }))
}

const day = (time: number): string => new Date(time).toISOString().slice(0, 10)

/** A request's record by `now`; with `detail`, also what only its owner sees (justifications, brightness). */
export const recordOf = (entry: Entry, now: number, detail: boolean): TooRest.TooRequest => {
  const { plan, request } = entry
  const decided = now >= plan.decidedAt
  const approved = decided && plan.decision === "Approved"
  const calendar = calendarOf(entry, now)
  const visits = plan.visits.length
  const perVisit = plan.visits[0]?.duration ?? 0
  return {
    too_id: entry.tooId,
    timestamp: new Date(plan.submittedAt),
    l_name: request.username,
    target_name: request.target_name,
    target_type: request.target_type,
    ra: request.ra,
    dec: request.dec,
    instrument: request.instrument,
    urgency: request.urgency,
    obs_type: request.obs_type,
    decision: decided ? plan.decision : null,
    done: approved && Plan.isDone(plan, now) ? 1 : 0,
    target_id: approved ? entry.targetId : null,
    ...(approved
      ? {
          total_exp_time_approved: perVisit * visits,
          exp_time_per_visit_approved: perVisit,
          num_of_visits_approved: visits,
          xrt_mode_approved: request.xrt_mode,
          uvot_mode_approved: filterOfTheDay
        }
      : {}),
    date_begin: calendar.length > 0 ? day(plan.visits[0]!.begin) : null,
    date_end: calendar.length > 0 ? day(plan.visits.at(-1)!.end) : null,
    calendar: { too_id: entry.tooId, entries: calendar },
    ...(detail
      ? {
          poserr: request.poserr ?? null,
          opt_mag: request.opt_mag ?? null,
          opt_filt: request.opt_filt ?? null,
          xrt_countrate: request.xrt_countrate ?? null,
          bat_countrate: request.bat_countrate ?? null,
          other_brightness: request.other_brightness ?? null,
          grb_detector: request.grb_detector ?? null,
          science_just: request.science_just,
          immediate_objective: request.immediate_objective,
          exp_time_just: request.exp_time_just,
          exposure: request.exposure,
          exp_time_per_visit: request.exp_time_per_visit ?? null,
          num_of_visits: request.num_of_visits ?? null,
          monitoring_freq: request.monitoring_freq ?? null,
          xrt_mode: request.xrt_mode,
          uvot_mode: request.uvot_mode
        }
      : {})
  }
}

/** The snapshots of a request flown by `now`, as the as-flown timeline lists them. */
export const observationsOf = (
  entry: Entry,
  now: number
): ReadonlyArray<TooRest.Observation & { readonly comment?: string }> =>
  entry.plan.visits.flatMap((visit, index) =>
    Plan.flownSnapshots(visit, now).map((snapshot, orbit) => ({
      begin: new Date(snapshot.begin),
      settle: new Date(snapshot.settle),
      end: new Date(snapshot.end),
      // Pointings scatter a little around the target, as the real ones do.
      ra: Number((entry.request.ra + 0.01 * Math.sin(orbit + index)).toFixed(4)),
      dec: Number((entry.request.dec + 0.01 * Math.cos(orbit + index)).toFixed(4)),
      roll: Number(((index * 37 + orbit * 3) % 360).toFixed(1)),
      obstype: "AT",
      target_name: entry.request.target_name,
      target_id: entry.targetId,
      segment: index + 1,
      obs_id: obsIdOf(entry, index),
      xrt_mode: entry.request.xrt_mode,
      uvot_mode: filterOfTheDay,
      bat_mode: 0,
      fom: tooMerit,
      ra_object: entry.request.ra,
      dec_object: entry.request.dec,
      ...(snapshot.comment === undefined ? {} : { comment: snapshot.comment })
    }))
  )

/** What `/swift/data` may ask for besides the auxiliary files. */
export interface Instruments {
  readonly auxil: boolean
  readonly xrt: boolean
  readonly uvot: boolean
  readonly bat: boolean
  readonly log: boolean
}

/**
 * The files of an observation once archived (none before), under `root`:
 * the archive's layout, `<obs_id>/<instrument>/<kind>/sw<obs_id><suffix>`.
 */
export const filesOf = (
  entry: Entry,
  visit: number,
  now: number,
  root: string,
  asked: Instruments
): ReadonlyArray<TooRest.DataFile> => {
  const plan = entry.plan.visits[visit]
  if (plan === undefined || now < plan.archivedAt || plan.snapshots.length === 0) return []
  const obsId = obsIdOf(entry, visit)
  const month = new Date(plan.begin).toISOString().slice(0, 7).replace("-", "_")
  const mode = entry.request.xrt_mode === 6 ? "xwtw2po_cl.evt.gz" : "xpcw3po_cl.evt.gz"
  const files: Array<readonly [string, string, string]> = [
    ...(asked.auxil
      ? ([
          ["auxil", "sat.fits.gz", "Attitude file"],
          ["auxil", "pat.fits.gz", "Pre-planned attitude file"]
        ] as const)
      : []),
    ...(asked.xrt ? ([["xrt/event", mode, "XRT cleaned event file"]] as const) : []),
    ...(asked.uvot ? ([["uvot/image", "u_sk.img.gz", "UVOT sky image"]] as const) : []),
    ...(asked.bat ? ([["bat/event", "bevshsp_uf.evt.gz", "BAT event file"]] as const) : []),
    ...(asked.log ? ([["log", "x_mkf.log", "Processing log"]] as const) : [])
  ]
  return files.map(([kind, suffix, type]) => {
    const path = `${obsId}/${kind}`
    const filename = `sw${obsId}${suffix}`
    return { filename, path, url: `${root}/${month}/${path}/${filename}`, quicklook: false, type }
  })
}
