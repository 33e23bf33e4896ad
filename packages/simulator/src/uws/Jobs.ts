/**
 * The jobs of one simulated UWS service: created, run, aborted, changed and
 * destroyed by clients, each with its own seeded random stream. A job's
 * phase is read from its {@link Timeline} at the simulated time; a job past
 * its destruction time is gone, as if the server had deleted it.
 */
import type { Random } from "../internal/random.js"
import type * as Phase from "./Phase.js"
import type * as Plan from "./Plan.js"
import * as Timeline from "./Timeline.js"

/** One job parameter as the client sent it (names keep their case; UWS compares them without). */
export interface Parameter {
  readonly name: string
  readonly value: string
}

/** A job as the store keeps it. */
export interface Job {
  readonly id: string
  readonly created: number
  /** The user who created it (HTTP Basic user name), undefined when anonymous. */
  readonly owner: string | undefined
  runId: string | undefined
  parameters: ReadonlyArray<Parameter>
  /** The files of a multipart body by field name (a TAP inline `UPLOAD`). */
  files: ReadonlyMap<string, string>
  plan: Plan.Plan | undefined
  runAt: number | undefined
  releasedAt: number | undefined
  abortedAt: number | undefined
  executionDuration: number
  destruction: number
  /** Drawn from when the job is run: the same seed gives the same job whatever else happens. */
  readonly random: Random
}

/** What creating a job takes. */
export interface NewJob {
  readonly owner: string | undefined
  readonly runId: string | undefined
  readonly parameters: ReadonlyArray<Parameter>
  readonly files: ReadonlyMap<string, string>
}

/** The store of one service's jobs. */
export interface Jobs {
  /** A new PENDING job. */
  readonly create: (job: NewJob) => Job
  /** The job, or undefined when there never was one or it has been destroyed. */
  readonly get: (id: string) => Job | undefined
  /** Every job not yet destroyed, oldest first. */
  readonly all: () => ReadonlyArray<Job>
  /** Destroys a job now. */
  readonly destroy: (id: string) => void
  /** The job's timeline as it stands. */
  readonly timeline: (job: Job) => Timeline.Timeline
  /** The job's phase now. */
  readonly phase: (job: Job) => Phase.Phase
  /** Tells whoever waits on the job that clients changed it. */
  readonly changed: (job: Job) => void
  /** Calls `listener` whenever clients change the job or it is destroyed; returns the function that stops it. */
  readonly onChange: (id: string, listener: () => void) => () => void
}

/** How a store is made. */
export interface JobsOptions {
  readonly now: () => number
  readonly random: Random
  /** The execution duration of a new job, seconds (0: no limit). */
  readonly executionDuration: number
  /** How long a new job lives before it is destroyed, seconds. */
  readonly retention: number
}

const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

/** Makes an empty store. */
export const make = (options: JobsOptions): Jobs => {
  const jobs = new Map<string, Job>()
  const listeners = new Map<string, Set<() => void>>()
  const ids = options.random.fork("ids")

  const newId = (): string => {
    for (;;) {
      const id = Array.from({ length: 10 }, () => ids.pick([...alphabet])).join("")
      if (!jobs.has(id)) return id
    }
  }

  const notify = (id: string) => {
    for (const listener of [...(listeners.get(id) ?? [])]) listener()
  }

  const get = (id: string): Job | undefined => {
    const job = jobs.get(id)
    if (job === undefined) return undefined
    if (job.destruction <= options.now()) {
      jobs.delete(id)
      notify(id)
      return undefined
    }
    return job
  }

  const timeline = (job: Job) => Timeline.of(job)

  return {
    create: (fresh) => {
      const id = newId()
      const created = options.now()
      const job: Job = {
        id,
        created,
        owner: fresh.owner,
        runId: fresh.runId,
        parameters: fresh.parameters,
        files: fresh.files,
        plan: undefined,
        runAt: undefined,
        releasedAt: undefined,
        abortedAt: undefined,
        executionDuration: options.executionDuration,
        destruction: created + options.retention * 1000,
        random: options.random.fork(`job/${id}`)
      }
      jobs.set(id, job)
      return job
    },
    get,
    all: () => [...jobs.keys()].flatMap((id) => get(id) ?? []),
    destroy: (id) => {
      if (jobs.delete(id)) notify(id)
    },
    timeline,
    phase: (job) => Timeline.phaseAt(timeline(job), options.now()),
    changed: (job) => notify(job.id),
    onChange: (id, listener) => {
      let set = listeners.get(id)
      if (set === undefined) {
        set = new Set()
        listeners.set(id, set)
      }
      const entry = () => listener()
      set.add(entry)
      return () => {
        set.delete(entry)
        if (set.size === 0) listeners.delete(id)
      }
    }
  }
}
