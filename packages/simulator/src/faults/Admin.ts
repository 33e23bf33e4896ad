/**
 * The admin route of the fault rules, `/_sim/faults`.
 */
import { DecodeError } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as ErrorReply from "../internal/errorReply.js"
import type * as Route from "../Route.js"
import { FaultError, Injection, Rule } from "./Fault.js"
import type { Faults } from "./Rules.js"

const RuleList = Schema.Struct({ faults: Schema.Array(Rule) })
const encodeRuleList = Schema.encodeSync(RuleList)
const encodeRule = Schema.encodeSync(Rule)

/** What `POST /_sim/faults` takes besides an {@link Injection}: a spec as the command line writes it. */
export const SpecRequest = Schema.Struct({ spec: Schema.String })

const subject = "fault request"
const decodeObject = DecodeError.decodeJson(Schema.Record(Schema.String, Schema.Unknown), subject)
const decodeSpecRequest = DecodeError.decodeUnknown(SpecRequest, subject)
const decodeInjection = DecodeError.decodeUnknown(Injection, subject)

/** Reads a POST body: `{"spec": …}` or an {@link Injection}, each judged on its own terms. */
const decodeAdminRequest = (body: string) => {
  const object = decodeObject(body)
  if (Result.isFailure(object)) return object
  return "spec" in object.success ? decodeSpecRequest(object.success) : decodeInjection(object.success)
}

const attempt = (add: () => Rule): Route.Reply => {
  try {
    return { status: 201, body: JSON.stringify(encodeRule(add())) }
  } catch (error) {
    if (error instanceof FaultError) return ErrorReply.json(400, error.message)
    throw error
  }
}

/**
 * The admin route `/_sim/faults`: GET lists the rules, POST adds one (a rule
 * as JSON or `{"spec": "ukssdc.status=503x3"}`), DELETE removes them all, or
 * one with `?id=`.
 */
export const adminRoutes = (faults: Faults): ReadonlyArray<Route.Route> => [
  {
    name: "sim.faults",
    methods: ["GET", "POST", "DELETE"],
    pattern: "/_sim/faults",
    handle: (request) => {
      if (request.method === "POST") {
        const body = decodeAdminRequest(request.body)
        if (Result.isFailure(body)) return ErrorReply.json(400, body.failure.message)
        const injection = body.success
        return attempt(() =>
          "spec" in injection ? faults.add(injection.spec) : faults.inject(injection.route, injection.fault)
        )
      }
      if (request.method === "DELETE") {
        const id = request.query.get("id")
        if (id === null) faults.clear()
        else if (!faults.remove(Number(id))) return ErrorReply.json(404, `there is no fault rule ${id}`)
      }
      return { status: 200, body: JSON.stringify(encodeRuleList({ faults: faults.list() })) }
    }
  }
]
