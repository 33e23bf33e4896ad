import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { type Job, Tom, Too, Ukssdc } from "@jobscope/core"
import { Markdown } from "@jobscope/markdown"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { expectReport } from "./report.js"

/**
 * Golden reports: `test/fixtures/<api>-<seed>/{input.json,expected.md}` for
 * every seed reply of the core's fixtures that describes a job. Run with
 * `UPDATE_GOLDEN=1` to copy the inputs and write the expected reports anew,
 * then read them.
 */
const seeds = fileURLToPath(new URL("../../core/test/fixtures/", import.meta.url))
const cases = fileURLToPath(new URL("./fixtures/", import.meta.url))
const update = process.env.UPDATE_GOLDEN === "1"
/** When the seed replies were received, by the observer's clock: shortly after the times they hold. */
const observedAt = new Date("2021-03-16T09:05:00.000Z")
const tomObservedAt = new Date("2019-08-02T10:20:00.000Z")

const decoded = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, json: unknown) =>
  Result.getOrUndefined(Schema.decodeUnknownResult(schema)(json))

/** The snapshot a seed reply maps to, or `undefined` when it is not a reply about a job (a request, a refusal, a 404…). */
const snapshotOf = (api: string, json: unknown): Job.Snapshot | undefined => {
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
      // The pipeline's key, as its page's URL ends.
      const pipeline = Number(/\d+$/.exec(logs?.view_url ?? "")?.[0] ?? 0)
      return logs === undefined
        ? undefined
        : Tom.logsToSnapshot(logs, { pipeline, observedAt: tomObservedAt })
    }
  }
  throw new Error(`no mapping for the ${api} API`)
}

const seedFiles = (api: string): ReadonlyArray<string> =>
  readdirSync(`${seeds}${api}`)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort()

/** Every seed reply that describes a job, as the name of its case and its raw text. */
const jobSeeds = ["ukssdc", "too", "tom"].flatMap((api) =>
  seedFiles(api).flatMap((name) => {
    const text = readFileSync(`${seeds}${api}/${name}.json`, "utf8")
    return snapshotOf(api, JSON.parse(text)) === undefined ? [] : [{ api, name: `${api}-${name}`, text }]
  })
)

if (update) {
  for (const seed of jobSeeds) {
    mkdirSync(`${cases}${seed.name}`, { recursive: true })
    writeFileSync(`${cases}${seed.name}/input.json`, seed.text)
    const snapshot = snapshotOf(seed.api, JSON.parse(seed.text))!
    writeFileSync(`${cases}${seed.name}/expected.md`, `${Markdown.render(snapshot)}\n`)
  }
}

describe("golden reports", () => {
  it("has a case for every seed reply about a job of each API, and no other", () => {
    const names = readdirSync(cases).sort()
    expect(names).toEqual(jobSeeds.map((seed) => seed.name).sort())
    for (const api of ["ukssdc", "too", "tom"])
      expect(names.some((name) => name.startsWith(`${api}-`))).toBe(true)
    for (const seed of jobSeeds) {
      expect(JSON.parse(readFileSync(`${cases}${seed.name}/input.json`, "utf8"))).toEqual(
        JSON.parse(seed.text)
      )
    }
  })

  for (const seed of jobSeeds) {
    const dir = `${cases}${seed.name}/`
    it(`${seed.name}: renders the expected report`, () => {
      const snapshot = snapshotOf(seed.api, JSON.parse(readFileSync(`${dir}input.json`, "utf8")))!
      const markdown = Markdown.render(snapshot)
      expect(`${markdown}\n`).toBe(readFileSync(`${dir}expected.md`, "utf8"))
      expectReport(snapshot, markdown, Markdown.defaults)
    })
  }
})
