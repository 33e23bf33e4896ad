/**
 * What any UKSSDC endpoint answers when it refuses a request.
 */
import * as z from "zod"
import { JobId } from "./Identity.js"

/** A refused request (`OK` 0) and why, e.g. "Job 147 is not owned by user …". */
export const Refusal = z.object({
  OK: z.literal(0),
  ERROR: z.string(),
  JobID: z.exactOptional(JobId),
  APIVersion: z.exactOptional(z.number())
})

/** A refused request and why. */
export type Refusal = z.output<typeof Refusal>
