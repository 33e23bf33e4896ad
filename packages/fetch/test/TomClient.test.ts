import { assert, describe, expect, it } from "@effect/vitest"
import { Tom } from "@jobscope/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as FetchError from "../src/FetchError.js"
import * as TomClient from "../src/TomClient.js"
import * as Transport from "../src/Transport.js"
import { epoch, simulator } from "./support/simulated.js"

const token = "0123abcdTardigradeToken"

/** A TOM client on its own transport (no retries, so a failure shows at once). */
const client = (
  options: TomClient.Options,
  transport: Parameters<typeof Transport.layerFetch>[0] = {}
): Effect.Effect<TomClient.Shape> =>
  Effect.provide(
    TomClient.TomClient,
    TomClient.layer(options).pipe(Layer.provide(Transport.layerFetch({ retries: 0, ...transport })))
  )

/** A `fetch` that records the Authorization header of each request before sending it. */
const recordingAuthorization = () => {
  const authorization: Array<string | null> = []
  const fetch: typeof globalThis.fetch = (input, init) => {
    const request = new Request(input, init)
    authorization.push(request.headers.get("authorization"))
    return globalThis.fetch(request)
  }
  return { authorization, fetch }
}

/** A pipeline that copies, reduces one frame, and saves its outputs, five seconds a step. */
const pipeline = {
  kind: "pipeline",
  identifier: "astrosource_m13",
  script: {
    steps: [
      { after: 5, status: "running astrosource", logs: ["Copying 3 files to a temporary directory"] },
      { after: 5, status: "Reducing frame 1 of 3", logs: ["Reducing frame 1 of 3"] }
    ],
    end: { after: 5, outcome: "created", logs: ["Saving outputs"] }
  }
} as const

describe("TomClient", () => {
  it.live("follows a target's pipeline from pending to created, with the server's clock", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const created = sim.tom.addProcess(7, pipeline)
      const tom = yield* client({ baseUrl: sim.url })

      const seen: Array<Tom.AsyncStatusResponse> = []
      for (let step = 0; step < 4; step++) {
        seen.push(yield* tom.status(7))
        sim.advance("5 seconds")
      }

      expect(seen.map((reply) => reply.processes.map((process) => process.status))).toEqual([
        ["pending"],
        ["running astrosource"],
        ["Reducing frame 1 of 3"],
        ["created"]
      ])
      expect(seen.map((reply) => reply.timestamp.getTime() - epoch.getTime())).toEqual([
        0, 5000, 10000, 15000
      ])
      expect(seen[3]?.processes[0]).toEqual({
        identifier: "astrosource_m13",
        created: created.created,
        status: "created",
        terminal_timestamp: new Date(epoch.getTime() + 15_000),
        failure_message: null,
        view_url: `/pipeline/${created.pk}`
      })
      expect(
        seen.map((reply) => Tom.toSnapshot(reply, { target: 7, observedAt: reply.timestamp }).tasks[0]?.phase)
      ).toEqual(["pending", "running", "running", "succeeded"])
    })
  )

  it.live("reads a pipeline's log as it grows, and its output group once created", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const { pk } = sim.tom.addProcess(7, pipeline)
      const tom = yield* client({ baseUrl: `${sim.url}/` })

      const seen: Array<Tom.PipelineLogs> = []
      for (let step = 0; step < 4; step++) {
        seen.push(yield* tom.logs(pk))
        sim.advance("5 seconds")
      }

      expect(seen.map((reply) => reply.logs)).toEqual([
        "",
        "Copying 3 files to a temporary directory\n",
        "Copying 3 files to a temporary directory\nReducing frame 1 of 3\n",
        "Copying 3 files to a temporary directory\nReducing frame 1 of 3\nSaving outputs\n"
      ])
      expect(seen.map((reply) => reply.group_name)).toEqual([null, null, null, "astrosource_m13_outputs"])
      expect(sim.requests.log().map((entry) => entry.path)).toEqual(
        Array.from({ length: 4 }, () => `/api/pipeline/logs/${pk}/`)
      )
    })
  )

  it.live("reports an unknown target or pipeline as Refused with the server's detail", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const timelapse = sim.tom.addProcess(7, { kind: "timelapse" })
      const tom = yield* client({ baseUrl: sim.url })

      const target = yield* Effect.flip(tom.status(999))
      assert(target._tag === "Refused")
      expect(target).toMatchObject({ error: "Not found.", problems: [], job: "target/999" })
      expect(target.message).toBe(
        `TOM async status of job target/999 (${sim.url}/api/async/status/999/): Not found.`
      )

      // A timelapse has a PK, but no pipeline log.
      const logs = yield* Effect.flip(tom.logs(timelapse.pk))
      assert(logs._tag === "Refused")
      expect(logs.message).toBe(
        `TOM pipeline logs of job pipeline/${timelapse.pk} (${sim.url}/api/pipeline/logs/${timelapse.pk}/): Not found.`
      )

      // A target that is not a plain key stays inside its path segment.
      const hostile = yield* Effect.flip(tom.status("../../_sim/health?x=1"))
      assert(hostile._tag === "Refused")
      expect(sim.requests.log().map((entry) => entry.route)).toEqual(["tom.status", "tom.logs", "tom.status"])
    })
  )

  it.live("reports an HTML page where the reply should be as InvalidReply, naming the target", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ faults: ["tom.status=html"] })
      sim.tom.addProcess(7, pipeline)
      const tom = yield* client({ baseUrl: sim.url })

      const error = yield* Effect.flip(tom.status(7))
      assert(error._tag === "InvalidReply")
      expect(error.message).toMatch(
        new RegExp(
          `^TOM async status of job target/7 \\(${sim.url}/api/async/status/7/\\): an HTML page came instead of JSON`
        )
      )
    })
  )

  it.live("sends the token in the Authorization header and never in an error", () =>
    Effect.gen(function* () {
      const sim = yield* simulator({ faults: ["tom.logs=htmlx1"] })
      sim.tom.addProcess(7, pipeline)
      const { authorization, fetch } = recordingAuthorization()
      const tom = yield* client({ baseUrl: sim.url, token: Redacted.make(token) }, { fetch })
      const refusing = yield* client(
        { baseUrl: sim.url, token },
        {
          fetch: async () =>
            new Response(JSON.stringify({ detail: "Invalid token." }), {
              status: 401,
              headers: { "content-type": "application/json" }
            })
        }
      )
      const nowhere = yield* client({ baseUrl: "http://127.0.0.1:9", token })

      yield* tom.status(7)
      const errors: Array<FetchError.FetchError> = [
        yield* Effect.flip(tom.logs(1)),
        yield* Effect.flip(tom.status(404)),
        yield* Effect.flip(refusing.status(7)),
        yield* Effect.flip(nowhere.status(7))
      ]

      expect(authorization).toEqual(Array.from({ length: 3 }, () => `Token ${token}`))
      expect(errors.map((error) => error._tag)).toEqual(["InvalidReply", "Refused", "Refused", "Unreachable"])
      expect(errors[2]?.message).toBe(
        `TOM async status of job target/7 (${sim.url}/api/async/status/7/): Invalid token.`
      )
      for (const error of errors) {
        for (const text of [error.message, String(error), JSON.stringify(error)])
          expect(text).not.toContain(token)
      }
    })
  )

  it.live("sends no Authorization header without a token", () =>
    Effect.gen(function* () {
      const sim = yield* simulator()
      const { authorization, fetch } = recordingAuthorization()
      const tom = yield* client({ baseUrl: sim.url }, { fetch })

      yield* Effect.flip(tom.status(7))
      expect(authorization).toEqual([null])
    })
  )
})
