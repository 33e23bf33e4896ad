import { createClient, JobRef } from "@jobscope/fetch"
import { start } from "@jobscope/simulator"

// A simulated week takes three seconds; only against a simulator may a watch poll this often.
const sim = await start({
  speed: 200_000,
  start: new Date("2026-03-15"),
  too: { users: { you: "your-secret" } }
})
const client = createClient({
  tooRest: { apiUrl: `${sim.url}/api/v2`, username: "you", secret: "your-secret" }
})
const reply = await client.tooRest.submit({
  target_name: "SN 2026abc",
  target_type: "Supernova",
  ra: 219.2875,
  dec: -60.8333,
  obs_type: "Light Curve",
  xrt_countrate: 0.02,
  immediate_objective: "Follow the X-ray light curve.",
  science_just: "Early X-rays trace the progenitor's mass loss.",
  exp_time_just: "2 ks per visit detects the expected flux.",
  exp_time_per_visit: 2000,
  num_of_visits: 3,
  monitoring_freq: "1 day"
})
const job = JobRef.fromTooSubmit(reply)
for await (const update of client.watch(job, {
  policy: { unsafeFloor: "20 millis", ceiling: "50 millis" }
})) {
  if (update._tag !== "Observed") continue
  for (const event of update.events) {
    if (event._tag === "PhaseChanged") console.log(`${job.name}: ${event.text}`)
    if (event._tag === "OutputAdded")
      console.log(`  ${event.output.label}${event.output.url ? ` ${event.output.url}` : ""}`)
  }
}
await client.close()
await sim.close()
