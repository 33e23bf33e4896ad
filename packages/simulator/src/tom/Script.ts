/**
 * What a simulated TOM process does over time: a script of steps, each
 * setting the free-text status and adding lines to the log some seconds after
 * the one before, and an end (`created`, or `failed` with a message). Scripts
 * are data with an Effect Schema, so a test, the options and the admin route
 * all describe processes the same way; {@link generate} writes a plausible,
 * seeded script when none is given.
 */
import * as Schema from "effect/Schema"
import type { Random } from "../internal/random.js"
import { maxSeconds, Seconds } from "../internal/seconds.js"

/** The kinds of process: a timelapse (no logs, no page) or a pipeline (logs, a page at `/pipeline/<pk>`). */
export const Kind = Schema.Literals(["timelapse", "pipeline"])

/** The kinds of process. */
export type Kind = typeof Kind.Type

/** The longest wait between two steps, seconds: a year and a day. */
export const maxAfter = maxSeconds

const Lines = Schema.Array(Schema.String).annotate({ description: "lines added to the log" })

/** The status words with a meaning of their own: a process starts `pending` and ends `created` or `failed`. */
const reserved = ["pending", "created", "failed"]

/** One step of a script. */
export const Step = Schema.Struct({
  /** Seconds after the previous step (after creation, for the first). */
  after: Seconds,
  /** The status from then on, free text such as "running astrosource". */
  status: Schema.String.check(
    Schema.makeFilter(
      (status: string) =>
        (status.trim() !== "" && !reserved.includes(status)) ||
        `a step's status must be free text other than ${reserved.join(", ")}, got ${JSON.stringify(status)}`
    )
  ),
  /** Lines added to the log then (default: none). */
  logs: Schema.optionalKey(Lines)
})

/** One step of a script. */
export interface Step extends Schema.Schema.Type<typeof Step> {}

/** How a script ends: the process is `created`, or it `failed` with a message. */
export const End = Schema.Union([
  Schema.Struct({
    /** Seconds after the last step. */
    after: Seconds,
    outcome: Schema.Literal("created"),
    /** Lines added to the log then (default: none). */
    logs: Schema.optionalKey(Lines)
  }),
  Schema.Struct({
    after: Seconds,
    outcome: Schema.Literal("failed"),
    /** Why it failed, the reply's `failure_message`. */
    failureMessage: Schema.String,
    logs: Schema.optionalKey(Lines)
  })
])

/** How a script ends. */
export type End = typeof End.Type

/** What a process does from its creation to its end. */
export const Script = Schema.Struct({ steps: Schema.Array(Step), end: End })

/** What a process does from its creation to its end. */
export interface Script extends Schema.Schema.Type<typeof Script> {}

/** The outcomes a process can end with. */
export const Outcome = Schema.Literals(["created", "failed"])

/** The outcomes a process can end with. */
export type Outcome = typeof Outcome.Type

/** The fields of a {@link ProcessSpec}, shared with the admin route's body. */
export const processSpecFields = {
  kind: Kind,
  /** Unique among the target's processes (default: `<kind>_<target name>_<created YYYY-MM-DD-HHMMSS>`, `.webm` for a timelapse). */
  identifier: Schema.optionalKey(
    Schema.String.check(Schema.makeFilter((text: string) => text.trim() !== "" || "must not be empty"))
  ),
  /** How a generated script ends (default: drawn with the simulator's failure rate); not with `script`. */
  outcome: Schema.optionalKey(Outcome),
  /** What the process does (default: a plausible script for its kind, seeded). */
  script: Schema.optionalKey(Script)
}

/** A spec may give an outcome for a generated script, or a script, not both. */
export const oneWay = Schema.makeFilter(
  (spec: { readonly outcome?: Outcome; readonly script?: Script }) =>
    spec.outcome === undefined ||
    spec.script === undefined ||
    "give either an outcome (for a generated script) or a script, not both"
)

/** A process to create: its kind, and optionally its identifier and what it does. */
export const ProcessSpec = Schema.Struct(processSpecFields).check(oneWay)

/** A process to create. */
export interface ProcessSpec extends Schema.Schema.Type<typeof ProcessSpec> {}

/** A timelapse: `pending` until it is rendered a few seconds later. */
const timelapse = (random: Random, outcome: Outcome): Script => ({
  steps: [],
  end:
    outcome === "created"
      ? { after: random.int(5, 40), outcome }
      : {
          after: random.int(2, 10),
          outcome,
          failureMessage: "Could not create the timelapse: fewer than 2 frames in the chosen date range"
        }
})

/**
 * An astrosource pipeline: copy the frames, run astrosource, reduce frame by
 * frame ("Reducing frame 3 of 40"), identify comparison stars, save outputs. A
 * failing one stops for want of frames, or at a frame astrometry cannot solve.
 */
const pipeline = (random: Random, outcome: Outcome): Script => {
  const tooFewFrames = outcome === "failed" && random.next() < 0.5
  const frames = tooFewFrames ? 1 : random.int(4, 40)
  const start: Step = {
    after: random.int(2, 10),
    status: "running astrosource",
    logs: [`Copying ${frames} files to a temporary directory`, `Running astrosource on ${frames} files`]
  }
  if (tooFewFrames)
    return {
      steps: [start],
      end: {
        after: random.int(1, 5),
        outcome,
        failureMessage: "Not enough data to run astrosource: fewer than 2 frames in the r filter"
      }
    }
  const lastFrame = outcome === "failed" ? random.int(1, frames) : frames
  const reductions: Array<Step> = Array.from({ length: lastFrame }, (_, index) => ({
    after: random.int(1, 6),
    status: `Reducing frame ${index + 1} of ${frames}`,
    logs: [`Reducing frame ${index + 1} of ${frames}`]
  }))
  if (outcome === "failed")
    return {
      steps: [start, ...reductions],
      end: {
        after: random.int(1, 4),
        outcome,
        failureMessage: `Astrometry failed on frame ${lastFrame} of ${frames}: no stars matched the catalogue`,
        logs: [`Error: astrometry failed on frame ${lastFrame}`]
      }
    }
  const stars: Step = {
    after: random.int(3, 10),
    status: "running astrosource",
    logs: [`Identifying stars in ${frames} frames`, `Found ${random.int(20, 400)} comparison stars`]
  }
  return {
    steps: [start, ...reductions, stars],
    end: { after: random.int(2, 8), outcome, logs: ["Saving outputs"] }
  }
}

/** A plausible script for a kind of process, drawn from `random`, ending with `outcome`. */
export const generate = (kind: Kind, outcome: Outcome, random: Random): Script =>
  kind === "timelapse" ? timelapse(random, outcome) : pipeline(random, outcome)
