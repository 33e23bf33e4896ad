/**
 * `tprods/getPSFPos.php`, `getEnhPos.php` and `getAstromPos.php`: the
 * position a finished position product found, or why there is none (yet).
 */
import { DecodeError, Ukssdc } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Route from "../Route.js"
import { codeAt, productOf } from "./Job.js"
import { found, noSource, type PositionProduct, positionName } from "./Position.js"
import { statusText } from "./Report.js"
import { owned, refusal, type State } from "./State.js"
import { contentType, jobLabel, notFound, writer } from "./Wire.js"

const PositionRequest = Schema.Struct({ UserID: Ukssdc.UserId, JobID: Ukssdc.JobId })

const decodeRequest = DecodeError.decodeJson(PositionRequest, "position request")

const encodePosition = Schema.encodeSync(Ukssdc.PositionResponse)

const refused = writer(Ukssdc.Refusal)

/** What a position endpoint answers: a refusal, or a position (or its absence) for a job. */
type Answer =
  | { readonly _tag: "Refused"; readonly refusal: Ukssdc.Refusal }
  | { readonly _tag: "Position"; readonly jobId: number; readonly position: Ukssdc.PositionResponse }

/** Answers a position request (the raw body) for `product` at the simulated time now. */
export const position = (state: State, product: PositionProduct, body: string): Answer => {
  const request = decodeRequest(body)
  if (Result.isFailure(request)) return { _tag: "Refused", refusal: refusal(state, request.failure.message) }
  const owner = owned(state, request.success.JobID, request.success.UserID)
  if (Result.isFailure(owner)) return { _tag: "Refused", refusal: refusal(state, owner.failure) }
  const job = owner.success
  const answer = (position: Ukssdc.PositionResponse): Answer => ({
    _tag: "Position",
    jobId: job.id,
    position
  })
  const plan = productOf(job, product)
  if (plan === undefined)
    return answer({ GotPos: 0, Reason: `This job did not ask for a ${positionName[product]}.` })
  const code = codeAt(job, plan, state.now())
  if (code === 4) return answer({ GotPos: 1, ...found(state.context.random, job, product) })
  if (code === -3) return answer({ GotPos: 0, Reason: noSource })
  return answer({
    GotPos: 0,
    Reason: `The ${positionName[product]} is not available: its status is "${statusText[code]}".`
  })
}

/**
 * A position reply: the core's position schema encodes the position, and the
 * reply carries `OK` and `APIVersion` beside it, as every reply of the real
 * server does.
 */
const reply = (state: State, answer: Answer): Route.Reply =>
  answer._tag === "Refused"
    ? refused(answer.refusal)
    : {
        status: 200,
        headers: { "Content-Type": contentType },
        body: JSON.stringify({
          OK: 1,
          APIVersion: state.settings.apiVersion,
          ...encodePosition(answer.position)
        }),
        job: jobLabel(answer.jobId)
      }

const endpoints: ReadonlyMap<string, PositionProduct> = new Map([
  ["getPSFPos.php", "psf"],
  ["getEnhPos.php", "enh"],
  ["getAstromPos.php", "xastrom"]
])

/** The `ukssdc.position` route: one per position product, under the product pages' folder. */
export const route = (state: State): Route.Route => ({
  name: "ukssdc.position",
  methods: ["POST"],
  pattern: "/user_objects/tprods/:endpoint",
  handle: (request) => {
    const product = endpoints.get(request.params.endpoint ?? "")
    return product === undefined ? notFound() : reply(state, position(state, product, request.body))
  }
})
