/**
 * The example replies of the API documents, as the core's tests keep them in
 * `packages/core/test/fixtures/<api>/<name>.json`, decoded into snapshots the
 * way a client would.
 */
import { readFileSync } from "node:fs"
import { type Job, Tom, Too, Ukssdc } from "@jobscope/core"
import * as Schema from "effect/Schema"

const root = new URL("../../../packages/core/test/fixtures/", import.meta.url)

/** The parsed JSON of a fixture. */
export const fixture = (api: "ukssdc" | "too" | "tom", name: string): unknown =>
  JSON.parse(readFileSync(new URL(`${api}/${name}.json`, root), "utf8"))

/** When every snapshot of the guides' tests was taken. */
export const observedAt = new Date("2026-03-01T10:00:00Z")

/** A UKSSDC status reply fixture as a snapshot. */
export const ukssdc = (name: string): Job.Snapshot => {
  const reply = Schema.decodeUnknownSync(Ukssdc.StatusResponse)(fixture("ukssdc", name))
  if (reply.OK !== 1) throw new Error(`${name} is a refusal, not a status`)
  return Ukssdc.toSnapshot(reply, { observedAt })
}

/** A Swift TOO reply fixture as a snapshot. */
export const too = (name: string): Job.Snapshot =>
  Too.toSnapshot(Schema.decodeUnknownSync(Too.Envelope)(fixture("too", name)), { observedAt })

/** A TOM async status fixture as a snapshot of target 51. */
export const tomStatus = (name: string): Job.Snapshot =>
  Tom.toSnapshot(Schema.decodeUnknownSync(Tom.AsyncStatusResponse)(fixture("tom", name)), {
    target: 51,
    observedAt
  })

/** A TOM pipeline logs fixture as a snapshot of pipeline 51. */
export const tomLogs = (name: string): Job.Snapshot =>
  Tom.logsToSnapshot(Schema.decodeUnknownSync(Tom.PipelineLogs)(fixture("tom", name)), {
    pipeline: 51,
    observedAt
  })
