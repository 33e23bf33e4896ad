import { Follow, JobRef, Transport, UkssdcClient } from "@jobscope/fetch"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { user } from "./jobs.js"

const [url, first, count, perHost] = process.argv.slice(2)
const n = Number(count)
const followed = Array.from({ length: n }, (_, i) => JobRef.ukssdc(Number(first) + i))
const client = UkssdcClient.layer({ baseUrl: url!, userId: user }).pipe(
  Layer.provide(Transport.layerFetch({ perHost: Number(perHost) }))
)
let polls = 0
const t0 = performance.now()
await Effect.runPromise(
  Stream.runForEach(Follow.watchAll(followed, { deadline: Duration.seconds(12) }), () =>
    Effect.sync(() => {
      polls++
      if (polls === n) console.log("first round s", (performance.now() - t0) / 1000)
    })
  ).pipe(Effect.provide(client))
)
console.log("polls", polls, "s", (performance.now() - t0) / 1000)
