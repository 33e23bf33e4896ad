import { Tom } from "@jobscope/core"
import { Markdown } from "@jobscope/markdown"
import * as Schema from "effect/Schema"

const logs = Schema.decodeUnknownSync(Tom.PipelineLogs)({
  identifier: "astrosource_m13_2019-07-30-122657",
  created: 1564489617.602,
  status: "failed",
  terminal_timestamp: 1564740642.705,
  failure_message: "Not enough data to run astrosource: fewer than 2 frames in the r filter",
  view_url: "/pipeline/51",
  logs: "Copying 1 files to a temporary directory\nRunning astrosource on 1 files\n",
  group_name: null,
  group_url: null
})
const snapshot = Tom.logsToSnapshot(logs, { pipeline: 51, observedAt: new Date("2026-03-01T10:00:00Z") })
console.log(Markdown.render(snapshot, { summary: false, icons: false }))
