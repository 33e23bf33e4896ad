import { Too } from "@jobscope/core"
import { Html, Stylesheet } from "@jobscope/html"
import * as Schema from "effect/Schema"

const reply = Schema.decodeUnknownSync(Too.Envelope)({
  api_name: "Swift_TOO_Status",
  api_version: "1.2",
  api_data: { status: "Rejected", jobnumber: 1190, errors: ["Source <b>name</b> not resolved."] }
})
const snapshot = Too.toSnapshot(reply, { observedAt: new Date("2026-03-01T10:00:00Z") })
const fragment = Html.render(snapshot, { headingLevel: 1 }) // semantic mode, the default
console.log(`<!doctype html><title>TOO job 1190</title><style>${Stylesheet.css}</style>${fragment}`)
