/**
 * What a program reading `jobscope … watch --format json` gets: one JSON
 * object per line, per update, in the shape the CLI's README documents —
 * `observed` (the snapshot, the events since the last poll, the next poll or
 * null once the job is over), `pollFailed` (the error and the next poll) and
 * `ended` (the error that ended the job's watch). Decoding with these
 * schemas is the test that the lines are that shape.
 */
import { Job } from "@jobscope/core"
import * as Schema from "effect/Schema"

/** When the next poll is and why; null once the job is over. */
const Next = Schema.NullOr(
  Schema.Struct({ at: Schema.String, reason: Schema.String, etaMillis: Schema.optionalKey(Schema.Finite) })
)

/** A failure, for programs: its tag and a sentence. */
const Failure = Schema.Struct({ _tag: Schema.String, message: Schema.String })

/** One line of a watch's `--format json`. */
export const Update = Schema.Union([
  Schema.Struct({
    job: Schema.String,
    type: Schema.Literal("observed"),
    snapshot: Job.SnapshotJson,
    events: Schema.Array(Schema.toCodecJson(Job.Event)),
    next: Next
  }),
  Schema.Struct({ job: Schema.String, type: Schema.Literal("pollFailed"), error: Failure, next: Next }),
  Schema.Struct({ job: Schema.String, type: Schema.Literal("ended"), error: Failure })
])

/** One line of a watch's `--format json`. */
export type Update = typeof Update.Type

const decodeUpdate = Schema.decodeUnknownSync(Update, { onExcessProperty: "error" })

/** Every line of a watch's standard output, parsed and decoded; throws on a line that is not an update. */
export const updatesOf = (stdout: string): ReadonlyArray<Update> =>
  stdout
    .trimEnd()
    .split("\n")
    .map((line) => decodeUpdate(JSON.parse(line)))

/** The snapshots of the `observed` updates, in order. */
export const snapshotsOf = (updates: ReadonlyArray<Update>): ReadonlyArray<Job.Snapshot> =>
  updates.flatMap((update) => (update.type === "observed" ? [update.snapshot] : []))

/** A snapshot as `--format json` prints it, decoded; throws when it is not one. */
export const decodeSnapshot = Schema.decodeUnknownSync(Job.SnapshotJson, { onExcessProperty: "error" })
