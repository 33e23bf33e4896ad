import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { type Job, Tom, Too, Ukssdc } from "@jobscope/core"
import { Markdown } from "@jobscope/markdown"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { expectReport } from "./report.js"

/**
 * Golden reports: `test/fixtures/<api>-<seed>/{input.json,expected.md}` for
 * every seed reply of the core's fixtures that describes a job, and cases of
 * what jobs produce with `options.json`: what a client adds to a reply (the
 * job's `url`, UKSSDC `positions`). Run with
 * `UPDATE_GOLDEN=1` to copy the inputs and write the expected reports anew,
 * then read them.
 */
const seeds = fileURLToPath(new URL("../../core/test/fixtures/", import.meta.url))
const cases = fileURLToPath(new URL("./fixtures/", import.meta.url))
const update = process.env.UPDATE_GOLDEN === "1"
/** When the seed replies were received, by the observer's clock: shortly after the times they hold. */
const observedAt = new Date("2021-03-16T09:05:00.000Z")
const tomObservedAt = new Date("2019-08-02T10:20:00.000Z")

/** What a client adds to a reply: the job's page, the positions a UKSSDC job found. */
interface ClientOptions {
  readonly url?: string
  readonly positions?: Readonly<Record<string, unknown>>
}

const decoded = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, json: unknown) =>
  Result.getOrUndefined(Schema.decodeUnknownResult(schema)(json))

/** The snapshot a seed reply maps to, or `undefined` when it is not a reply about a job (a request, a refusal, a 404…). */
const snapshotOf = (api: string, json: unknown, options?: ClientOptions): Job.Snapshot | undefined => {
  const url = options?.url === undefined ? {} : { url: options.url }
  switch (api) {
    case "ukssdc": {
      const reply = decoded(Ukssdc.StatusResponse, json)
      const positions = Object.fromEntries(
        Object.entries(options?.positions ?? {}).map(([kind, position]) => [
          kind,
          Schema.decodeUnknownSync(Ukssdc.PositionResponse)(position)
        ])
      )
      return reply?.OK === 1 ? Ukssdc.toSnapshot(reply, { observedAt, ...url, positions }) : undefined
    }
    case "too": {
      const reply = decoded(Too.Envelope, json)
      return reply === undefined ? undefined : Too.toSnapshot(reply, { observedAt, ...url })
    }
    case "tom": {
      const status = decoded(Tom.AsyncStatusResponse, json)
      if (status !== undefined)
        return Tom.toSnapshot(status, { target: 7, observedAt: tomObservedAt, label: "M13", ...url })
      const logs = decoded(Tom.PipelineLogs, json)
      // The pipeline's key, as its page's URL ends.
      const pipeline = Number(/\d+$/.exec(logs?.view_url ?? "")?.[0] ?? 0)
      return logs === undefined
        ? undefined
        : Tom.logsToSnapshot(logs, { pipeline, observedAt: tomObservedAt, ...url })
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

/** The cases of what jobs produce: a reply and what a client adds to it (`options.json`). */
const clientCases = readdirSync(cases)
  .filter((name) => existsSync(`${cases}${name}/options.json`))
  .sort()
  .map((name) => ({
    api: name.split("-")[0]!,
    name,
    text: readFileSync(`${cases}${name}/input.json`, "utf8"),
    options: JSON.parse(readFileSync(`${cases}${name}/options.json`, "utf8")) as ClientOptions
  }))

if (update) {
  for (const seed of jobSeeds) {
    mkdirSync(`${cases}${seed.name}`, { recursive: true })
    writeFileSync(`${cases}${seed.name}/input.json`, seed.text)
    const snapshot = snapshotOf(seed.api, JSON.parse(seed.text))!
    writeFileSync(`${cases}${seed.name}/expected.md`, `${Markdown.render(snapshot)}\n`)
  }
  for (const client of clientCases) {
    const snapshot = snapshotOf(client.api, JSON.parse(client.text), client.options)!
    writeFileSync(`${cases}${client.name}/expected.md`, `${Markdown.render(snapshot)}\n`)
  }
}

describe("golden reports", () => {
  it("has a case for every seed reply about a job of each API, and no other", () => {
    const names = readdirSync(cases)
      .filter((name) => !clientCases.some((client) => client.name === name))
      .sort()
    expect(names).toEqual(jobSeeds.map((seed) => seed.name).sort())
    expect(clientCases.map((client) => client.name)).toEqual([
      "tom-pipeline-outputs",
      "too-request-ids",
      "too-visquery-windows",
      "ukssdc-finished-outputs"
    ])
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

  for (const client of clientCases) {
    it(`${client.name}: renders what the job produced`, () => {
      const snapshot = snapshotOf(client.api, JSON.parse(client.text), client.options)!
      expect(snapshot.tasks.some((task) => (task.outputs ?? []).length > 0)).toBe(true)
      const markdown = Markdown.render(snapshot)
      expect(`${markdown}\n`).toBe(readFileSync(`${cases}${client.name}/expected.md`, "utf8"))
      expectReport(snapshot, markdown, Markdown.defaults)
    })
  }
})
