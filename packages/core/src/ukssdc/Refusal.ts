/**
 * What any UKSSDC endpoint answers when it refuses a request.
 */
import * as Schema from "effect/Schema"
import { JobId } from "./Identity.js"

/** A refused request (`OK` 0) and why, e.g. "Job 147 is not owned by user …". */
export const Refusal = Schema.Struct({
  OK: Schema.Literal(0),
  ERROR: Schema.String,
  JobID: Schema.optionalKey(JobId),
  APIVersion: Schema.optionalKey(Schema.Finite)
})

/** A refused request and why. */
export interface Refusal extends Schema.Schema.Type<typeof Refusal> {}
