import { Job } from "@jobscope/core"
import { Snapshot, Tom } from "@jobscope/zod"

const body = `{"timestamp":1564740590.1,"processes":[{"identifier":"timelapse_m13_2019-08-02-100944.webm",
  "created":1564740584.6,"status":"created","terminal_timestamp":1564740590.2,"failure_message":null,"view_url":null}]}`
const checked = Tom.AsyncStatusResponse.safeParse(JSON.parse(body))
if (checked.success) {
  const snapshot = Snapshot.fromTom(checked.data, { target: 51, observedAt: new Date() })
  console.log(snapshot.jobId, Job.outcome(snapshot))
}
const broken = Tom.AsyncStatusResponse.safeParse({ timestamp: "yesterday", processes: [] })
console.log(broken.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`))
