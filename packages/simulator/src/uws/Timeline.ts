/**
 * Where a simulated UWS job stands at any instant: a pure function of its
 * plan and of what clients asked of it (run, release, abort, the execution
 * duration), so nothing runs in the background and a stepped clock shows
 * exactly what a slow server would. All times are epoch milliseconds.
 */
import * as Phase from "./Phase.js"
import type * as Plan from "./Plan.js"

/** What a timeline is computed from: the job's plan and what clients asked of it, when. */
export interface Facts {
  readonly created: number
  /** The plan, fixed when the job was first run; undefined while it was never run. */
  readonly plan: Plan.Plan | undefined
  /** When `PHASE=RUN` was first accepted. */
  readonly runAt: number | undefined
  /** When a HELD job was released by a second `PHASE=RUN`. */
  readonly releasedAt: number | undefined
  /** When `PHASE=ABORT` was accepted. */
  readonly abortedAt: number | undefined
  /** The longest it may execute, seconds; 0 for no limit. */
  readonly executionDuration: number
}

/** A phase and the instant it begins. */
export interface Transition {
  readonly at: number
  readonly phase: Phase.Phase
}

/** Why a job ended in ERROR without its plan saying so. */
export interface Overrun {
  readonly at: number
  readonly limit: number
}

/** A job's whole story: its phases in order, and whether it ran out of time. */
export interface Timeline {
  readonly transitions: ReadonlyArray<Transition>
  /** Set when the job was stopped for running longer than its execution duration. */
  readonly overrun: Overrun | undefined
}

const seconds = (value: number): number => Math.round(value * 1000)

/** Every phase the job goes through, from PENDING to its end (or as far as it is planned). */
export const of = (facts: Facts): Timeline => {
  const transitions: Array<Transition> = [{ at: facts.created, phase: "PENDING" }]
  let overrun: Overrun | undefined
  const { plan, runAt } = facts
  if (plan !== undefined && runAt !== undefined) {
    let queued = runAt
    if (plan.hold !== undefined) {
      transitions.push({ at: runAt, phase: "HELD" })
      queued = Math.min(runAt + seconds(plan.hold), facts.releasedAt ?? Number.POSITIVE_INFINITY)
    }
    transitions.push({ at: queued, phase: "QUEUED" })
    const started = queued + seconds(plan.queue)
    transitions.push({ at: started, phase: "EXECUTING" })
    const suspension =
      plan.suspension !== undefined && plan.suspension.after < plan.execution ? plan.suspension : undefined
    let end = started + seconds(plan.execution)
    if (suspension !== undefined) {
      const suspended = started + seconds(suspension.after)
      transitions.push({ at: suspended, phase: "SUSPENDED" })
      transitions.push({ at: suspended + seconds(suspension.for), phase: "EXECUTING" })
      end += seconds(suspension.for)
    }
    // The execution duration is wall-clock time from the start: a suspension spends it too.
    const limit = facts.executionDuration > 0 ? started + seconds(facts.executionDuration) : undefined
    if (limit !== undefined && limit < end) {
      while (transitions.length > 0 && transitions.at(-1)!.at >= limit) transitions.pop()
      transitions.push({ at: limit, phase: "ERROR" })
      overrun = { at: limit, limit: facts.executionDuration }
    } else transitions.push({ at: end, phase: plan.outcome.phase })
  }
  if (facts.abortedAt !== undefined) {
    const aborted = facts.abortedAt
    while (transitions.length > 1 && transitions.at(-1)!.at > aborted) transitions.pop()
    overrun = overrun !== undefined && overrun.at <= aborted ? overrun : undefined
    transitions.push({ at: aborted, phase: "ABORTED" })
  }
  return { transitions, overrun }
}

/** The transition in force at `now` (the last one that has begun). */
export const current = (timeline: Timeline, now: number): Transition => {
  let found = timeline.transitions[0]!
  for (const transition of timeline.transitions) {
    if (transition.at > now) break
    found = transition
  }
  return found
}

/** The phase at `now`. */
export const phaseAt = (timeline: Timeline, now: number): Phase.Phase => current(timeline, now).phase

/** The next instant after `now` at which the phase changes, or undefined when none is planned. */
export const nextChange = (timeline: Timeline, now: number): number | undefined => {
  const phase = phaseAt(timeline, now)
  return timeline.transitions.find((transition) => transition.at > now && transition.phase !== phase)?.at
}

/** When it first began EXECUTING, if it has by `now`. */
export const startTime = (timeline: Timeline, now: number): number | undefined =>
  timeline.transitions.find((transition) => transition.phase === "EXECUTING" && transition.at <= now)?.at

/** When it reached a final phase, if it has by `now`. */
export const endTime = (timeline: Timeline, now: number): number | undefined => {
  const last = timeline.transitions.at(-1)!
  return Phase.isFinal(last.phase) && last.at <= now ? last.at : undefined
}
