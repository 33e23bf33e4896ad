import { createClient, JobRef } from "@jobscope/fetch"
import { start } from "@jobscope/simulator"

const speed = 600 // the simulator's clock runs 600 times fast: a 20-minute job takes 2 s
const sim = await start({ speed, seed: 4, ukssdc: { failureProbability: 0 } })
const client = createClient({ ukssdc: { baseUrl: sim.url, userId: "you@example.org" } })
const grb = { name: "GRB 200101A", targ: "00081637", RA: 219.2875, Dec: -60.8333, cent: 1, poserr: 1 }
const job = await client.ukssdc.submit({ ...grb, useSXPS: 0, lc: 1, binMeth: "counts", spec: 1, specz: 0 })
for await (const update of client.watch(JobRef.fromSubmit(job), { policy: { speed } })) {
  if (update._tag !== "Observed") continue
  for (const event of update.events) if (event._tag === "PhaseChanged") console.log(event.taskId, event.to)
}
await client.close()
await sim.close()
