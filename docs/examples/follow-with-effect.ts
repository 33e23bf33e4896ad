import { Job } from "@jobscope/core"
import { Follow, JobRef, Transport, UkssdcClient } from "@jobscope/fetch"
import { start } from "@jobscope/simulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const speed = 600
const sim = await start({ speed, seed: 4, ukssdc: { failureProbability: 0 } })
const live = UkssdcClient.layer({ baseUrl: sim.url, userId: "you@example.org" }).pipe(
  Layer.provide(Transport.layerFetch()) // HTTP over fetch, with retries, timeouts and a per-host limit
)
const program = Effect.gen(function* () {
  const ukssdc = yield* UkssdcClient.UkssdcClient
  const grb = { name: "GRB 200101A", targ: "00081637", RA: 219.2875, Dec: -60.8333, cent: 1, poserr: 1 }
  const job = yield* ukssdc.submit({ ...grb, useSXPS: 0, lc: 1, binMeth: "counts", spec: 1, specz: 0 })
  const last = yield* Follow.waitFor(JobRef.fromSubmit(job), { policy: { speed }, deadline: "1 minute" })
  return `job ${last.snapshot.jobId}: ${Job.outcome(last.snapshot)} after ${last.state.polls} polls`
})
const summary = await Effect.runPromise(
  program.pipe(
    Effect.catchTags({ Refused: (error) => Effect.succeed(`the server said no: ${error.error}`) }),
    Effect.provide(live)
  )
)
console.log(summary)
await sim.close()
