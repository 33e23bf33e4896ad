import { type Job, Poll, Ukssdc } from "@jobscope/core"
import * as Duration from "effect/Duration"

const seconds = (duration: Duration.Duration) =>
  `${Number((Duration.toMillis(duration) / 1000).toFixed(2))} s`
const show = (policy: Poll.Policy) => `${seconds(policy.floor)} to ${seconds(policy.ceiling)}`
console.log(show(Poll.make(Ukssdc.source))) // the defaults: 10 s to 120 s
console.log(show(Poll.make(Ukssdc.source, { floor: "1 second" }))) // asking for less changes nothing: 10 s to 120 s
console.log(show(Poll.make(Ukssdc.source, { speed: 60 }))) // a simulator 60 times fast: 0.17 s to 2 s, its 10 s to 120 s
console.log(show(Poll.make(Ukssdc.source, { unsafeFloor: "100 millis", ceiling: "1 second" }))) // a test, said out loud

const policy = Poll.make(Ukssdc.source)
const queued: Job.Snapshot = {
  source: "ukssdc",
  jobId: "14",
  observedAt: new Date(),
  tasks: [{ id: "lc", label: "Light curve", phase: "queued", code: 2, text: "Queued" }]
}
let state = Poll.initial(policy)
for (let poll = 1; poll <= 8; poll++) {
  const decision = Poll.next(policy, state, { snapshot: queued, events: [] }, 0) // nothing moved; no jitter drawn
  console.log(poll, decision.reason, seconds(decision.delay)) // 15 s, 22.5 s, 33.75 s … 120 s
  state = decision.state
}
const busy = Poll.next(policy, state, { snapshot: queued, events: [], retryAfter: Duration.minutes(5) }, 0)
console.log(busy.reason, seconds(busy.delay)) // the server asked for 5 minutes: it gets them
