/**
 * `canceljob.php`: cancels the products asked about that have not finished;
 * from then on they answer -4, "Cancelled at your request". A request the
 * server could process answers `OK` 1 when every product was cancelled and
 * `OK` 2 when at least one was not, even none (swifttools `CancelJob.md`: 2 =
 * "the request was processed OK, but not all requested jobs were cancelled");
 * `OK` 0 only for an error, such as another user's job.
 */
import { DecodeError, Ukssdc } from "@jobscope/core"
import * as Result from "effect/Result"
import type * as Route from "../Route.js"
import { productOf, stop } from "./Job.js"
import { owned, refusal, type State } from "./State.js"
import { writer } from "./Wire.js"

const reply = writer(Ukssdc.CancelResponse)

const decodeRequest = DecodeError.decodeJson(Ukssdc.CancelRequest, "cancel request")

/** The text the server sends with each per-product cancel code. */
export const cancelText: Readonly<Record<Ukssdc.CancelCode, string>> = {
  0: "Job cancelled OK",
  1: "Job could not be cancelled - has it already finished?",
  2: "There is no record of this product in the job",
  3: "Job could not be cancelled, for an unknown reason",
  4: "The status of this product is unknown"
}

/** Answers a cancel request (the raw body) at the simulated time now. */
export const cancel = (state: State, body: string): Ukssdc.CancelResponse => {
  const request = decodeRequest(body)
  if (Result.isFailure(request)) return refusal(state, request.failure.message)
  const found = owned(state, request.success.JobID, request.success.UserID)
  if (Result.isFailure(found)) return refusal(state, found.failure)
  const job = found.success
  const now = state.now()
  const status: Record<string, string> = {}
  const statusCodes: Record<string, Ukssdc.CancelCode> = {}
  for (const key of new Set(request.success.what)) {
    const product = productOf(job, key)
    const code: Ukssdc.CancelCode = product === undefined ? 2 : stop(job, product, -4, now) ? 0 : 1
    status[key] = cancelText[code]
    statusCodes[key] = code
  }
  const codes = Object.values(statusCodes)
  const cancelled = codes.filter((code) => code === 0).length
  return {
    OK: cancelled === codes.length ? 1 : 2,
    JobID: job.id,
    APIVersion: state.settings.apiVersion,
    status,
    statusCodes
  }
}

/** The `ukssdc.cancel` route. */
export const route = (state: State): Route.Route => ({
  name: "ukssdc.cancel",
  methods: ["POST"],
  pattern: "/user_objects/canceljob.php",
  handle: (request) => {
    const answer = cancel(state, request.body)
    return reply(answer, answer.JobID === undefined ? undefined : Number(answer.JobID))
  }
})
