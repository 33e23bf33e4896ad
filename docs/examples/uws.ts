import { Follow, Transport } from "@jobscope/fetch"
import { start } from "@jobscope/simulator"
import { Tap } from "@jobscope/uws"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

const sim = await start({ speed: 600 }) // its TAP service at /tap, ten simulated minutes a second
const query = Effect.gen(function* () {
  const adql = "SELECT TOP 3 obsid, target_name FROM swift.observations ORDER BY obsid"
  const submitted = yield* Tap.submitQuery(`${sim.url}/tap`, adql, { format: "csv" })
  const done = yield* Follow.waitFor(submitted.job, { policy: { speed: 600 } }) // blocking WAIT: UWS 1.1
  const csv = yield* Stream.mkString(Stream.decodeText(Tap.result(done.reply.job, submitted.url)))
  return { phase: done.reply.job.phase, rows: csv.trim().split(/\r?\n/) }
})
const { phase, rows } = await Effect.runPromise(query.pipe(Effect.provide(Transport.layerFetch())))
console.log(phase, rows.length - 1, rows[0]) // COMPLETED 3 obsid,target_name
await sim.close()
