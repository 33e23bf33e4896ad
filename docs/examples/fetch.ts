import { Job } from "@jobscope/core"
import { createClient, JobRef } from "@jobscope/fetch"
import { start } from "@jobscope/simulator"

const speed = 60
const sim = await start({ speed, seed: 2 }) // a local TOM, among others
const pipeline = sim.tom.addProcess(51, { kind: "pipeline", outcome: "created" })
const client = createClient({ tom: { baseUrl: sim.url } })
for await (const update of client.watch(JobRef.tomPipeline(pipeline.pk), { policy: { speed } })) {
  if (update._tag === "PollFailed") console.log("will retry:", update.error.message)
  else
    for (const event of update.events) {
      // The first answer adds the task with the log it has so far; later ones append to it.
      const logs = update.snapshot.tasks[0]?.logs
      if (event._tag === "TaskAdded" && logs) console.log(logs.trimEnd())
      if (event._tag === "LogAppended") console.log(event.text.trimEnd())
    }
}
console.log(Job.outcome(await client.status(JobRef.tomPipeline(pipeline.pk))))
await client.close()
await sim.close()
