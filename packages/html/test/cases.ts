import { existsSync, readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { type Job, Tom, Too, Ukssdc } from "@jobscope/core"
import * as Schema from "effect/Schema"

/**
 * The directory of the golden cases: `fixtures/<case>/{input.json,request.json?,options.json?,expected.*.html}`;
 * `options.json` holds what a client adds to a reply (the job's `url`, UKSSDC `positions`).
 */
export const fixturesDirectory = fileURLToPath(new URL("./fixtures/", import.meta.url))

/** When every snapshot of the cases was observed. */
export const observedAt = new Date("2026-11-22T10:00:00.000Z")

/** One golden case: a raw reply as a server sends it, and what the core maps it to. */
export interface Case {
  readonly name: string
  readonly directory: string
  /** The reply, as parsed JSON. */
  readonly input: unknown
  /** The request that asked for it, when the case has one (`request.json`). */
  readonly request?: unknown
  /** What a client adds to the reply, when the case has it (`options.json`): `url`, `positions`. */
  readonly options?: unknown
  readonly snapshot: Job.Snapshot
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"))

/**
 * Decodes a raw reply and maps it through the core, by the case's prefix:
 * `ukssdc-` status replies, `too-` envelopes, `tom-status-` async status
 * replies and `tom-pipeline-` pipeline logs.
 */
export const snapshotOf = (
  name: string,
  input: unknown,
  request?: unknown,
  options?: unknown
): Job.Snapshot => {
  const extra = (options ?? {}) as { readonly url?: string; readonly positions?: unknown }
  const url = extra.url === undefined ? {} : { url: extra.url }
  if (name.startsWith("ukssdc-")) {
    const reply = Schema.decodeUnknownSync(Ukssdc.StatusResponse)(input)
    if (reply.OK !== 1) throw new Error(`${name}: not a successful status reply`)
    const positions = Object.fromEntries(
      Object.entries((extra.positions ?? {}) as Record<string, unknown>).map(([kind, position]) => [
        kind,
        Schema.decodeUnknownSync(Ukssdc.PositionResponse)(position)
      ])
    )
    return Ukssdc.toSnapshot(reply, { observedAt, ...url, positions })
  }
  if (name.startsWith("too-")) {
    const sent = request === undefined ? undefined : Schema.decodeUnknownSync(Too.Envelope)(request)
    return Too.toSnapshot(Schema.decodeUnknownSync(Too.Envelope)(input), {
      observedAt,
      request: sent,
      ...url
    })
  }
  if (name.startsWith("tom-status-")) {
    return Tom.toSnapshot(Schema.decodeUnknownSync(Tom.AsyncStatusResponse)(input), {
      target: 7,
      label: "M13",
      observedAt,
      ...url
    })
  }
  if (name.startsWith("tom-pipeline-")) {
    const logs = Schema.decodeUnknownSync(Tom.PipelineLogs)(input)
    const pipeline = logs.view_url?.split("/").filter(Boolean).at(-1) ?? "0"
    return Tom.logsToSnapshot(logs, { pipeline, observedAt, ...url })
  }
  throw new Error(`${name}: a case is named ukssdc-, too-, tom-status- or tom-pipeline-…`)
}

/** Every golden case, by name. */
export const cases: ReadonlyArray<Case> = readdirSync(fixturesDirectory)
  .sort()
  .map((name) => {
    const directory = `${fixturesDirectory}${name}/`
    const input = readJson(`${directory}input.json`)
    const request = existsSync(`${directory}request.json`) ? readJson(`${directory}request.json`) : undefined
    const options = existsSync(`${directory}options.json`) ? readJson(`${directory}options.json`) : undefined
    return {
      name,
      directory,
      input,
      ...(request === undefined ? {} : { request }),
      ...(options === undefined ? {} : { options }),
      snapshot: snapshotOf(name, input, request, options)
    }
  })
