/**
 * Cancelling products of a UKSSDC job (`canceljob.php`).
 */
import * as z from "zod"
import { JobId, UserId } from "./Identity.js"
import { ProductList } from "./Product.js"
import { Refusal } from "./Refusal.js"

/** A cancel request: which products of which job. */
export const CancelRequest = z.object({ UserID: UserId, JobID: JobId, what: ProductList })

/** A cancel request. */
export type CancelRequest = z.output<typeof CancelRequest>

/** What happened to one product: 0 cancelled, 1 already finished, 2 no record, 3 unknown reason, 4 status unknown. */
export const CancelCode = z.literal([0, 1, 2, 3, 4])

/** What happened to one product. */
export type CancelCode = z.output<typeof CancelCode>

/**
 * A cancel that went through: `OK` 1 when every product was cancelled, 2 when
 * only some were; `status` and `statusCodes` say which, per product.
 */
export const CancelDone = z.object({
  OK: z.literal([1, 2]),
  JobID: JobId,
  APIVersion: z.exactOptional(z.number()),
  status: z.record(z.string(), z.string()),
  statusCodes: z.record(z.string(), CancelCode)
})

/** A cancel that went through, wholly or in part. */
export type CancelDone = z.output<typeof CancelDone>

/** What `canceljob.php` answers. */
export const CancelResponse = z.discriminatedUnion("OK", [CancelDone, Refusal])

/** What `canceljob.php` answers. */
export type CancelResponse = z.output<typeof CancelResponse>
