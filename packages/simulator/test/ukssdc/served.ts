/**
 * The simulator on a stepped clock for the UKSSDC tests, closed after the
 * test, and a way to call it that decodes every reply with the core.
 */
import { readFileSync } from "node:fs"
import { DecodeError } from "@jobscope/core"
import type * as Duration from "effect/Duration"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import type * as Requests from "../../src/Requests.js"
import * as Ukssdc from "../../src/ukssdc/index.js"
import { started } from "../support/simulator.js"

/** A running simulator, as the UKSSDC tests use it. */
export interface Served {
  readonly url: string
  readonly now: () => Date
  readonly advance: (duration: Duration.Input) => void
  readonly ukssdc: Ukssdc.Api
  readonly requests: Requests.Requests
}

/**
 * The users the UKSSDC tests are registered as: like the real service, the
 * simulator they run refuses every other UserID ("The user `…` is not
 * recognised / validated"); `users: undefined` serves any non-empty one.
 */
export const registered: ReadonlyArray<string> = [
  "YOUR_EMAIL_ADDRESS",
  "someone@example.org",
  "x@example.org",
  "you@example.org"
]

/** Starts the simulator with UKSSDC `options` (no random failures, the {@link registered} users, unless asked) and a seed (default: 1). */
export const served = async (
  options: Omit<Ukssdc.Options, "users"> & { readonly users?: ReadonlyArray<string> | undefined } = {},
  seed = 1
): Promise<Served> => {
  const { users, ...rest } = "users" in options ? options : { ...options, users: registered }
  const sim = await started({
    seed,
    ukssdc: { failureProbability: 0, ...rest, ...(users === undefined ? {} : { users }) }
  })
  return {
    url: sim.url,
    now: sim.clock.now,
    advance: sim.advance,
    ukssdc: sim.ukssdc,
    requests: sim.requests
  }
}

/** A reply as a client sees it: status, content type, the raw text and, for JSON, the decoded value. */
export interface Answer<A> {
  readonly status: number
  readonly contentType: string | null
  readonly text: string
  readonly reply: A
}

/**
 * POSTs `body` (JSON-encoded unless it is text already) to `path` and decodes
 * the reply with `schema`; a reply the core cannot decode fails the test.
 */
export const post = async <S extends Schema.Decoder<unknown>>(
  sim: Served,
  path: string,
  body: unknown,
  schema: S
): Promise<Answer<S["Type"]>> => {
  const response = await fetch(`${sim.url}/user_objects/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body)
  })
  const text = await response.text()
  const reply = Result.getOrThrow(DecodeError.decodeJson(schema, path)(text))
  return { status: response.status, contentType: response.headers.get("content-type"), text, reply }
}

/** The user the tests submit as: the seed documents' placeholder. */
export const user = "YOUR_EMAIL_ADDRESS"

/** A job with all six products, as the real client sends it. */
export const everything = { api_name: "xrt_prods", api_version: "1.10", UserID: user, ...Ukssdc.sixProducts }

/** A UKSSDC fixture of the core (a seed document's example), parsed. */
export const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../../../core/test/fixtures/ukssdc/${name}.json`, import.meta.url), "utf8")
  )
