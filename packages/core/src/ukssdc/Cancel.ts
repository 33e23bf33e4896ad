/**
 * Cancelling products of a UKSSDC job (`canceljob.php`).
 */
import * as Schema from "effect/Schema"
import { JobId, UserId } from "./Identity.js"
import { ProductList } from "./Product.js"
import { Refusal } from "./Refusal.js"

/** A cancel request: which products of which job. */
export const CancelRequest = Schema.Struct({ UserID: UserId, JobID: JobId, what: ProductList })

/** A cancel request. */
export interface CancelRequest extends Schema.Schema.Type<typeof CancelRequest> {}

/** What happened to one product: see {@link cancelMeaning}. */
export const CancelCode = Schema.Literals([0, 1, 2, 3, 4])

/** What happened to one product. */
export type CancelCode = typeof CancelCode.Type

/** What each per-product cancel code means. */
export const cancelMeaning: Readonly<Record<CancelCode, string>> = {
  0: "cancelled",
  1: "already finished",
  2: "no record of it",
  3: "not cancelled, for an unknown reason",
  4: "its status is unknown"
}

/**
 * A cancel the server processed: `OK` 1 when every product was cancelled, 2
 * when at least one was not (even none: products that had already ended
 * answer code 1); `status` and `statusCodes` say which, per product
 * (swifttools `APIDocs/ukssdc/xrt_prods/CancelJob.md`).
 */
export const CancelDone = Schema.Struct({
  OK: Schema.Literals([1, 2]),
  JobID: JobId,
  APIVersion: Schema.optionalKey(Schema.Finite),
  status: Schema.Record(Schema.String, Schema.String),
  statusCodes: Schema.Record(Schema.String, CancelCode)
})

/** A cancel that went through, wholly or in part. */
export interface CancelDone extends Schema.Schema.Type<typeof CancelDone> {}

/** What `canceljob.php` answers. */
export const CancelResponse = Schema.Union([CancelDone, Refusal]).annotate({
  expected: "a UKSSDC cancel reply: OK 1 or 2 with a status per product, or OK 0 with an ERROR"
})

/** What `canceljob.php` answers. */
export type CancelResponse = typeof CancelResponse.Type

/** Whether every product asked about was cancelled (`OK` 1), as opposed to some or none (`OK` 2). */
export const isFullyCancelled = (response: CancelResponse): boolean => response.OK === 1
