/**
 * The core's seed replies (`packages/core/test/fixtures/<api>/<name>.json`),
 * read from disk and decoded as a client would, as the snapshots they map to:
 * the real inputs of the terminal renderer's tests.
 */
import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { type Job, Tom, Too, Ukssdc } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

const seeds = fileURLToPath(new URL("../../../../packages/core/test/fixtures/", import.meta.url))

/** When the seed replies were received, by the observer's clock: shortly after the times they hold. */
export const observedAt = new Date("2021-03-16T09:05:00.000Z")
/** The same, for the TOM seeds, which are from 2019. */
export const tomObservedAt = new Date("2019-08-02T10:20:00.000Z")

const decoded = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, json: unknown) =>
  Result.getOrUndefined(Schema.decodeUnknownResult(schema)(json))

/**
 * The snapshot a reply of `api` maps to, or `undefined` when it is not a reply
 * about a job (a request, a refusal, a 404 …). A TOM target status is target 7,
 * "M13"; a TOM pipeline is the one its page's URL names.
 */
export const snapshotOf = (api: string, json: unknown): Job.Snapshot | undefined => {
  switch (api) {
    case "ukssdc": {
      const reply = decoded(Ukssdc.StatusResponse, json)
      return reply?.OK === 1 ? Ukssdc.toSnapshot(reply, { observedAt }) : undefined
    }
    case "too": {
      const reply = decoded(Too.Envelope, json)
      return reply === undefined ? undefined : Too.toSnapshot(reply, { observedAt })
    }
    case "tom": {
      const status = decoded(Tom.AsyncStatusResponse, json)
      if (status !== undefined)
        return Tom.toSnapshot(status, { target: 7, observedAt: tomObservedAt, label: "M13" })
      const logs = decoded(Tom.PipelineLogs, json)
      const pipeline = Number(/\d+$/.exec(logs?.view_url ?? "")?.[0] ?? 0)
      return logs === undefined
        ? undefined
        : Tom.logsToSnapshot(logs, { pipeline, observedAt: tomObservedAt })
    }
  }
  throw new Error(`no mapping for the ${api} API`)
}

/** The raw text of a seed reply. */
export const seedText = (api: string, name: string): string =>
  readFileSync(`${seeds}${api}/${name}.json`, "utf8")

/** The snapshot of a seed reply; throws when the seed is not a reply about a job. */
export const seed = (api: string, name: string): Job.Snapshot => {
  const snapshot = snapshotOf(api, JSON.parse(seedText(api, name)))
  if (snapshot === undefined) throw new Error(`${api}/${name} is not a reply about a job`)
  return snapshot
}

/** Every seed reply of the three APIs that describes a job: its API, its name and its raw text. */
export const jobSeeds = (): ReadonlyArray<{
  readonly api: string
  readonly name: string
  readonly text: string
}> =>
  ["ukssdc", "too", "tom"].flatMap((api) =>
    readdirSync(`${seeds}${api}`)
      .filter((file) => file.endsWith(".json"))
      .map((file) => file.slice(0, -".json".length))
      .sort()
      .flatMap((name) => {
        const text = seedText(api, name)
        return snapshotOf(api, JSON.parse(text)) === undefined ? [] : [{ api, name, text }]
      })
  )
