/**
 * `checkProductStatus.php`: the status of each product asked about (`what`)
 * at the simulated time now, with progress reports for those in `whatProg`.
 */
import { DecodeError, Ukssdc } from "@jobscope/core"
import * as Result from "effect/Result"
import type * as Route from "../Route.js"
import { productStatus } from "./Report.js"
import { owned, refusal, type State } from "./State.js"
import { writer } from "./Wire.js"

const reply = writer(Ukssdc.StatusResponse)

const decodeRequest = DecodeError.decodeJson(Ukssdc.StatusRequest, "status request")

/** The product keys a status request may name. */
const productKeys: ReadonlySet<string> = new Set(Ukssdc.ProductKind.literals)

/** Why a list of products is not one the server knows, or `undefined` when it is. */
const unknownProducts = (products: ReadonlyArray<string>): string | undefined => {
  const unknown = products.filter((product) => !productKeys.has(product))
  return unknown.length === 0
    ? undefined
    : `${unknown.map(DecodeError.excerpt).join(", ")} ${unknown.length === 1 ? "is not a product" : "are not products"}; the products are ${[...productKeys].join(", ")}.`
}

/** Answers a status request (the raw body) at the simulated time now. */
export const status = (state: State, body: string): Ukssdc.StatusResponse => {
  const request = decodeRequest(body)
  if (Result.isFailure(request)) return refusal(state, request.failure.message)
  const { JobID, UserID, what, whatProg } = request.success
  const found = owned(state, JobID, UserID)
  if (Result.isFailure(found)) return refusal(state, found.failure)
  const job = found.success
  const problem = unknownProducts(what)
  if (problem !== undefined) return refusal(state, problem, job.id)
  const now = state.now()
  const withProgress = new Set(whatProg ?? [])
  const products: Record<string, Ukssdc.ProductStatus> = {}
  for (const product of what) products[product] = productStatus(job, product, now, withProgress.has(product))
  const warning = state.settings.deprecationWarning
  return {
    OK: 1,
    JobID: job.id,
    APIVersion: state.settings.apiVersion,
    ...(warning === undefined ? {} : { deprecationWarning: warning }),
    products
  }
}

/** The `ukssdc.status` route. */
export const route = (state: State): Route.Route => ({
  name: "ukssdc.status",
  methods: ["POST"],
  pattern: "/user_objects/checkProductStatus.php",
  handle: (request) => {
    const answer = status(state, request.body)
    return reply(answer, answer.JobID === undefined ? undefined : Number(answer.JobID))
  }
})
