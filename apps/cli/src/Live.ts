/**
 * The live view of jobs being watched. On a terminal it redraws a frame in
 * place: each job as `Text` renders it (tasks that finished folded to one
 * line each while it is live, so the running ones fit), under it when the next poll comes
 * (or why the last one failed, or that the watch stopped: why is the
 * command's error), with notes from the command printed above the frame,
 * where they stay. Anywhere else (a pipe, a
 * CI log) it writes each job once when it first answers, then one line per
 * event, and never an escape code for the cursor.
 *
 * @example
 * ```ts
 * import * as Live from "./Live.js"
 * import * as Screen from "./Screen.js"
 *
 * const live = Live.make(Screen.stdout(), { now: () => new Date(), jobs: [{ key: "ukssdc:42", label: "GRB 210316A" }] })
 * live.note("Submitted UKSSDC job 42")
 * live.observed("ukssdc:42", snapshot, events, next) // after every answered poll
 * const timer = setInterval(live.tick, 1000)
 * // … when the watch is over:
 * clearInterval(timer)
 * live.close()
 * ```
 */
import { Job, Phase, type Poll, type Source } from "@jobscope/core"
import * as Duration from "effect/Duration"
import * as EventLine from "./EventLine.js"
import * as Sources from "./Sources.js"
import * as Style from "./Style.js"
import * as Text from "./Text.js"

/** Where the view is drawn. */
export interface Screen {
  /** Writes text as it is (the view adds its own newlines). */
  readonly write: (text: string) => void
  /** A terminal: the view redraws in place. Otherwise one line per event, no escape codes at all (not even cursor moves). */
  readonly isTTY: boolean
  /** Columns of the terminal (lines are cut to it so redraws stay exact). */
  readonly columns: () => number
  readonly color: boolean
  /**
   * Rows of the terminal, when known: a frame taller than the screen cannot
   * be redrawn in place, so while live it is cut to fit, with a line saying
   * how much was left out; the final frame is shown whole (default: not
   * known, never cut).
   */
  readonly rows?: () => number
}

/**
 * When a job is polled next and why, as the follow layer plans it (its `Plan`
 * has this shape); the view needs no more of it, so it does not depend on
 * the fetch package.
 */
export interface Plan {
  readonly at: Date
  readonly reason: Poll.Reason
  /** The job's remaining time as the policy estimates it, when it can tell. */
  readonly eta?: Duration.Duration
}

/** The view, told what happens to the jobs it shows. */
export interface Live {
  /** Notes a line from the command above the jobs (e.g. "Submitted UKSSDC job 42"); non-TTY: printed as is. */
  readonly note: (text: string) => void
  /** A poll of the job `key` was answered. `next` undefined = the job is over. */
  readonly observed: (
    key: string,
    snapshot: Job.Snapshot,
    events: ReadonlyArray<Job.Event>,
    next: Plan | undefined
  ) => void
  /** A poll failed; the watch goes on at `next.at`. */
  readonly pollFailed: (key: string, message: string, next: Plan) => void
  /**
   * The job's watch ended without the job being over (deadline, gave up,
   * refused). Why is the command's error, which it shows once, on standard
   * error: the view only says the watch stopped.
   */
  readonly ended: (key: string) => void
  /** Redraws the frame (TTY only; running times, "next poll in 8 s" countdowns). Called about once a second. */
  readonly tick: () => void
  /** The end: TTY — draw the final frame, show the cursor again; non-TTY — one summary line per job (outcome). Idempotent. */
  readonly close: () => void
}

/** What the view is told when it is made. */
export interface Options {
  /** The time now, for countdowns. */
  readonly now: () => Date
  /** Jobs in the order to show, with a name each, known before their first answer (shown as "waiting for first answer"). */
  readonly jobs: ReadonlyArray<{ readonly key: string; readonly label: string }>
  /** The Sources that name each job by its snapshot's `source` id (default: `Sources.registry`: the built-in APIs and UWS). */
  readonly sources?: Source.Registry | undefined
  /**
   * How many times faster than real time the servers' clocks run, when they
   * are simulators: an ETA then says how long it is here too, and their times
   * are said to be on the simulator's clock (default: undefined, real servers).
   */
  readonly speed?: number | undefined
}

/** What the view knows of one job. */
interface Entry {
  readonly key: string
  readonly label: string
  /** The last answer. */
  snapshot?: Job.Snapshot
  /** When the last answer came, by `options.now`. */
  seenAt?: Date
  /** The next poll; `undefined` once the job is over or its watch ended. */
  next?: Plan
  /** Why the last poll failed, until one is answered again. */
  failure?: string
  /** Whether the watch ended early. */
  ended?: boolean
  /** The final phase each task was announced in: a flip-back (complete → running → complete) announces it once. */
  announced?: Map<string, Phase.Phase>
}

/** What the view says of a job whose watch ended early; why is the command's error, shown once on standard error. */
const endedEarly = "stopped watching (the error at the end says why)"

const hideCursor = "\u001b[?25l"
const showCursor = "\u001b[?25h"
/** Up `lines` lines, to the start of the line (CPL), then clear to the end of the screen (ED). */
const moveUpAndClear = (lines: number): string => `\u001b[${lines}F\u001b[J`

/** Columns a terminal gives when it does not say. */
const fallbackColumns = 80

/**
 * Makes the view. On a terminal it hides the cursor and draws the first
 * frame (every job waiting for its first answer) at once.
 */
export const make = (screen: Screen, options: Options): Live => {
  const style = Style.make(screen.color)
  const sources = options.sources ?? Sources.registry
  const entries: Array<Entry> = options.jobs.map(({ key, label }) => ({ key, label }))
  const entry = (key: string): Entry => {
    let found = entries.find((candidate) => candidate.key === key)
    if (found === undefined) {
      found = { key, label: key }
      entries.push(found)
    }
    return found
  }
  let closed = false

  /** The job's name: from its answer once it has one, else the label it came with. */
  const name = (job: Entry): string =>
    job.snapshot === undefined
      ? Style.sanitize(job.label, { singleLine: true })
      : Text.jobName(job.snapshot, sources)

  const untilNext = (plan: Plan): string => {
    const seconds = Math.ceil((plan.at.getTime() - options.now().getTime()) / 1000)
    return seconds > 0 ? `next poll in ${Text.duration(Duration.seconds(seconds))}` : "polling now"
  }

  // ---- On a terminal: a frame redrawn in place.

  let drawn = 0
  let cursorHidden = false

  const columns = (): number => {
    const given = screen.columns()
    return Number.isFinite(given) && given >= 2 ? Math.floor(given) : fallbackColumns
  }

  /** The line under a job: when it is polled next and its ETA, why the last poll failed, or why the watch ended. */
  const statusLine = (job: Entry): string => {
    if (job.ended) return style.red(endedEarly)
    const plan = job.next
    if (job.failure !== undefined) {
      const failure = style.yellow(`poll failed: ${Style.sanitize(job.failure, { singleLine: true })}`)
      return plan === undefined || closed ? failure : `${failure} · ${style.dim(untilNext(plan))}`
    }
    if (plan === undefined || closed) return ""
    const seenFor = job.seenAt === undefined ? 0 : options.now().getTime() - job.seenAt.getTime()
    const left =
      plan.eta === undefined
        ? ""
        : ` · ${Text.eta(Duration.millis(Math.max(Duration.toMillis(plan.eta) - seenFor * (options.speed ?? 1), 0)), options.speed)}`
    return style.dim(`${untilNext(plan)} (${plan.reason})${left}`)
  }

  const jobLines = (job: Entry, width: number): ReadonlyArray<string> => {
    const shown =
      job.snapshot === undefined
        ? [`${style.bold(name(job))} · ${style.dim("waiting for the first answer")}`]
        : // While live, finished tasks fold to a line each so the running ones fit; the final frame shows all.
          Text.text(job.snapshot, {
            color: screen.color,
            width,
            sources,
            speed: options.speed,
            fold: !closed
          }).split("\n")
    const status = statusLine(job)
    return [...shown, ...(status === "" ? [] : [`  ${status}`])].map((line) => Style.truncate(line, width))
  }

  const frame = (): ReadonlyArray<string> => {
    const width = columns() - 1
    const all = entries.flatMap((job, index) => [...(index === 0 ? [] : [""]), ...jobLines(job, width)])
    // The final frame is never redrawn, so it may scroll: it is shown whole.
    const rows = closed ? undefined : screen.rows?.()
    if (rows === undefined || !Number.isFinite(rows) || all.length <= rows - 1) return all
    const keep = Math.max(Math.floor(rows) - 2, 0)
    const more = all.length - keep
    return [
      ...all.slice(0, keep),
      Style.truncate(
        style.dim(`… ${more} more ${more === 1 ? "line" : "lines"} (a taller terminal shows them)`),
        width
      )
    ]
  }

  /** Clears the frame, writes `above` (which stays), and draws the frame again, in one write. */
  const redraw = (above = ""): void => {
    const lines = frame()
    let out = cursorHidden ? "" : hideCursor
    cursorHidden = true
    if (drawn > 0) out += moveUpAndClear(drawn)
    out += above
    for (const line of lines) out += `${line}\n`
    drawn = lines.length
    screen.write(out)
  }

  // ---- Elsewhere: lines, as things happen.

  const line = (text: string): void => {
    if (text !== "") screen.write(`${text}\n`)
  }

  const summary = (job: Entry): string => {
    if (job.ended) return `${name(job)}: ${style.red(endedEarly)}`
    const outcome = job.snapshot === undefined ? undefined : Job.outcome(job.snapshot)
    if (outcome !== undefined) return `${name(job)}: ${Text.marker(outcome, style)} ${outcome}`
    return `${name(job)}: ${job.snapshot === undefined ? "no answer" : "not over"}`
  }

  /**
   * Whether an event only announces again a task's end already announced: a
   * server that reports a finished task running again (an anomaly, shown as
   * one) and then finished again must not make it "succeed" twice.
   */
  const repeated = (job: Entry, event: Job.Event): boolean => {
    if (event._tag !== "PhaseChanged" || !Phase.isTerminal(event.to)) return false
    job.announced ??= new Map()
    if (job.announced.get(event.taskId) === event.to) return true
    job.announced.set(event.taskId, event.to)
    return false
  }

  if (screen.isTTY) redraw()

  return {
    note: (text) => {
      const shown = `${Style.sanitize(text)}\n`
      if (screen.isTTY && !closed) redraw(shown)
      else screen.write(shown)
    },

    observed: (key, snapshot, events, next) => {
      if (closed) return
      const job = entry(key)
      const first = job.snapshot === undefined
      // A task the first answer shows finished has had its end announced.
      if (first) {
        const announced = new Map<string, Phase.Phase>()
        for (const task of snapshot.tasks)
          if (Phase.isTerminal(task.phase)) announced.set(task.id, task.phase)
        job.announced = announced
      }
      job.snapshot = snapshot
      job.seenAt = options.now()
      delete job.failure
      if (next === undefined) delete job.next
      else job.next = next
      if (screen.isTTY) return redraw()
      // The first answer is shown whole; its events (a task added for each task) would only repeat it.
      if (first)
        line(
          Text.text(snapshot, {
            color: screen.color,
            width: Number.POSITIVE_INFINITY,
            sources,
            speed: options.speed
          })
        )
      else
        for (const event of events)
          if (!repeated(job, event)) line(EventLine.format(snapshot, event, style, sources))
    },

    pollFailed: (key, message, next) => {
      if (closed) return
      const job = entry(key)
      job.failure = message
      job.next = next
      if (screen.isTTY) return redraw()
      line(
        `${name(job)}: ${style.yellow(`poll failed: ${Style.sanitize(message, { singleLine: true })}`)} · ${untilNext(next)}`
      )
    },

    ended: (key) => {
      if (closed) return
      const job = entry(key)
      job.ended = true
      delete job.next
      // Piped, the summary at the end says it; the reason is the command's error.
      if (screen.isTTY) redraw()
    },

    tick: () => {
      if (screen.isTTY && !closed) redraw()
    },

    close: () => {
      if (closed) return
      closed = true
      if (!screen.isTTY) {
        for (const job of entries) line(summary(job))
        return
      }
      redraw()
      screen.write(showCursor)
    }
  }
}
