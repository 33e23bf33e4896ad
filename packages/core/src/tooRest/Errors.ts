/**
 * The error replies of the Swift TOO REST API, as the official client
 * (swift_too 2.0, `base/common.py`) reads them: 422 with FastAPI's
 * `{"detail": [{loc, msg, type}]}` (or a bare `{"detail": "…"}`), 401 for
 * bad credentials, and other 4xx replies that carry a `status` object with
 * the server's errors (`{"status": {"status": "Rejected", "errors": […]}}`).
 */
import * as Schema from "effect/Schema"
import { Status } from "./Wire.js"

/** One problem FastAPI found with a request: where (`["body", "ra"]`), what, and its kind. */
export const ValidationIssue = Schema.Struct({
  loc: Schema.Array(Schema.Union([Schema.String, Schema.Int])),
  msg: Schema.String,
  type: Schema.optionalKey(Schema.String)
})

/** One problem FastAPI found with a request. */
export interface ValidationIssue extends Schema.Schema.Type<typeof ValidationIssue> {}

/** A 422 (FastAPI's validation error) or 401 reply: `detail` is a list of issues, or one sentence. */
export const Detail = Schema.Struct({
  detail: Schema.Union([Schema.String, Schema.Array(ValidationIssue)])
})

/** A 422 or 401 reply. */
export interface Detail extends Schema.Schema.Type<typeof Detail> {}

/** A 4xx reply that carries the server's status object, its errors saying why. */
export const StatusRefusal = Schema.Struct({ status: Status })

/** A 4xx reply with a status object. */
export interface StatusRefusal extends Schema.Schema.Type<typeof StatusRefusal> {}

/**
 * A `detail` as sentences, one per issue, as the official client prints
 * them: the field (the last part of `loc`) then the message, "ra: Input
 * should be less than or equal to 360".
 */
export const detailMessages = (detail: Detail["detail"]): ReadonlyArray<string> =>
  typeof detail === "string"
    ? [detail]
    : detail.map((issue) => `${String(issue.loc.at(-1) ?? "request")}: ${issue.msg}`)
