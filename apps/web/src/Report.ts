/**
 * What the status region says, in words: when the job was last seen, when it
 * will be asked about next and why, how long it has left, how it ended, and
 * what went wrong. Pure text; `View` puts it in the page.
 *
 * @example
 * ```ts
 * Report.observed(update, 60) // "Updated at 12:00:03 (your clock). Next poll at 12:00:04: the job moved, so again soon. Time left: ~4 min simulated (4 s here at 60×)."
 * Report.outcome(snapshot) // { outcome: "succeeded", text: "All 6 products done." }
 * ```
 */
import { Clock, Job, Phase, type Poll } from "@jobscope/core"
import type { Poller } from "@jobscope/fetch"
import type * as Duration from "effect/Duration"

/** Why the next poll is when it is, for people. */
export const reasons: Readonly<Record<Poll.Reason, string>> = {
  finished: "the job is over",
  moved: "the job moved, so again soon",
  backoff: "nothing changed, so a little later each time",
  eta: "closing in on the estimated finish",
  overdue: "past the estimated finish, so again soon",
  "retry-after": "the server asked to wait",
  failure: "the last poll failed, so a little later"
}

const twoDigits = (n: number) => String(n).padStart(2, "0")

/** A time of day on the page's clock (the computer's, in its time zone), `HH:MM:SS`. */
export const clockTime = (date: Date): string =>
  `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}:${twoDigits(date.getSeconds())}`

/** What the times of day the status line says are on. */
const yourClock = `(${Clock.name("observer")})`

/**
 * The job's remaining time as the plan estimates it, in the server's time;
 * with a sped-up simulator, also how long that is here (`Clock.timeLeft`).
 */
const eta = (remaining: Duration.Duration, speed: number | undefined): string =>
  `Time left: ${Clock.timeLeft(remaining, speed)}.`

/** The status line after a poll that got an answer: when, the next poll and why, the ETA when there is one. */
export const observed = (
  update: Pick<Poller.Observed<unknown>, "snapshot" | "next">,
  speed: number | undefined
): string => {
  const seen = `Updated at ${clockTime(update.snapshot.observedAt)} ${yourClock}.`
  const next = update.next
  if (next === undefined) return `${seen} The job is over; polling stopped.`
  const plan = `Next poll at ${clockTime(next.at)}: ${reasons[next.reason]}.`
  return next.eta === undefined ? `${seen} ${plan}` : `${seen} ${plan} ${eta(next.eta, speed)}`
}

/**
 * When the server expects the job to end (a UWS `quote`): the latest
 * expected end of a task not yet over, on the server's clock (the
 * simulator's at a known `speed`); none once every such task is over.
 */
export const expectedEnd = (snapshot: Job.Snapshot, speed: number | undefined): string | undefined => {
  const ends = snapshot.tasks.flatMap((task) =>
    task.expectedEnd === undefined || Phase.isTerminal(task.phase) ? [] : [task.expectedEnd.getTime()]
  )
  return ends.length === 0
    ? undefined
    : `The service expects it to end by ${Clock.at(new Date(Math.max(...ends)), Clock.ofServer(speed))}.`
}

/** The warning after a poll that failed in a way worth trying again; the watch goes on. */
export const pollFailed = (update: Pick<Poller.PollFailed, "error" | "next">): string =>
  `A poll failed (${error(update.error)}); trying again at ${clockTime(update.next.at)}.`

/** What a job's tasks are called, one and many, by the API it comes from. */
const nouns: Readonly<Record<string, readonly [string, string]>> = {
  ukssdc: ["product", "products"],
  too: ["request", "requests"],
  tom: ["process", "processes"],
  uws: ["job", "jobs"]
}

/** How a job ended, as the `data-outcome` attribute names it, and in words. */
export interface Ending {
  readonly outcome: Job.Outcome
  readonly text: string
}

/** How a finished job ended ("All 6 products done."), or undefined while it runs. */
export const outcome = (snapshot: Job.Snapshot): Ending | undefined => {
  const ended = Job.outcome(snapshot)
  if (ended === undefined) return undefined
  const [one, many] = nouns[snapshot.source] ?? ["task", "tasks"]
  const known = snapshot.tasks.filter((task) => task.phase !== "unknown")
  if (known.length === 1) {
    const how = ended === "succeeded" ? "is done" : ended === "failed" ? "failed" : "was cancelled"
    return { outcome: ended, text: `The ${one} ${how}.` }
  }
  if (ended === "succeeded") return { outcome: ended, text: `All ${known.length} ${many} done.` }
  const count = (phase: Job.Task["phase"]) => known.filter((task) => task.phase === phase).length
  return {
    outcome: ended,
    text: `${count(ended)} of ${known.length} ${many} ${ended}; ${count("succeeded")} done.`
  }
}

/**
 * Any error, in words: the typed errors of `@jobscope/fetch` and the form's
 * carry a readable message naming the endpoint and the job, which is what
 * a person needs (their `_tag`, such as `InvalidForm`, is for programs); an
 * error without a message (or a thrown non-error) goes by its name and what it says.
 */
export const error = (thrown: unknown): string => {
  if (typeof thrown === "object" && thrown !== null) {
    const { _tag, name, message } = thrown as { _tag?: unknown; name?: unknown; message?: unknown }
    if (typeof message === "string" && message !== "") {
      // A TypeError from fetch says only "Failed to fetch": its name tells what kind of failure it was.
      return typeof _tag === "string" || typeof name !== "string" || name === "Error"
        ? message
        : `${name}: ${message}`
    }
    return `${typeof _tag === "string" ? _tag : typeof name === "string" ? name : "Error"}: ${String(thrown)}`
  }
  return `Error: ${String(thrown)}`
}
