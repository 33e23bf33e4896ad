/**
 * The core part: decoding the seed's "full shebang" UKSSDC status reply, as a
 * ratio to `JSON.parse` alone, beside `@jobscope/zod` and a stock recursive
 * Effect Schema; and the size of a browser bundle that decodes a status reply.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { isDeepStrictEqual } from "node:util"
import { Ukssdc } from "@jobscope/core"
import { Ukssdc as ZodUkssdc } from "@jobscope/zod"
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import { bundleSize } from "./bundle.js"
import { type Contender, type Options, throughput } from "./measure.js"
import * as StatusSuspend from "./mirrors/StatusSuspend.js"
import { isProductKey, secondsFromClock } from "./mirrors/wire.js"
import { bundleTable, largestInputsTable, type PartReport, throughputTable, verdict } from "./report.js"

/** What the core part must reach. */
export const targets = {
  /** Parse + decode with `@jobscope/core`, at least this fraction of `JSON.parse` alone (issue 20; 0.5 before). */
  effectCoreRatio: 0.8,
  /** Bytes of the minified, gzipped browser bundle that decodes a status reply, at most. */
  decodeStatusGzipBytes: 35 * 1024
} as const

const fixture = fileURLToPath(
  new URL("../../packages/core/test/fixtures/ukssdc/status-full.json", import.meta.url)
)

/** The decoders under test, each from parsed JSON to a decoded reply; they throw on a bad reply. */
const decoders = {
  effectCore: Schema.decodeUnknownSync(Ukssdc.StatusResponse),
  effectSuspend: Schema.decodeUnknownSync(StatusSuspend.StatusResponse)
}

/** `@jobscope/zod` checks the reply and returns it as sent (the wire shape); it throws on a bad reply. */
const checkWithZod = (input: unknown): unknown => ZodUkssdc.StatusResponse.parse(input)

type DecoderName = keyof typeof decoders

const decoderNames = Object.keys(decoders) as Array<DecoderName>

/** A decoded reply with durations as seconds, so that Effect's and zod's results compare equal. */
const plain = (value: unknown): unknown => {
  if (Duration.isDuration(value)) return Duration.toSeconds(value)
  if (Array.isArray(value)) return value.map(plain)
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]))
  return value
}

const productsOf = (reply: unknown): Record<string, unknown> => {
  const products = (reply as { products?: unknown }).products
  if (typeof products !== "object" || products === null) throw new Error("a decoded reply has no products")
  return products as Record<string, unknown>
}

/**
 * A copy of `value` in which the first property named `key` found under one
 * named `under` (anywhere if `under` is undefined) is replaced by `replacement`.
 */
const breakFirst = (value: unknown, key: string, replacement: unknown, under?: string): unknown => {
  let done = false
  const walk = (node: unknown, inside: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, inside))
    if (typeof node !== "object" || node === null) return node
    const out: Record<string, unknown> = {}
    for (const [name, item] of Object.entries(node)) {
      if (inside && name === key && !done) {
        done = true
        out[name] = replacement
      } else out[name] = walk(item, inside || name === under)
    }
    return out
  }
  const broken = walk(value, under === undefined)
  if (!done)
    throw new Error(`the seed reply has no ${key}${under === undefined ? "" : ` under ${under}`} to break`)
  return broken
}

/**
 * Checks, before anything is timed, that every decoder accepts the seed reply
 * with the same result, converts every `TimeRunning`, and rejects replies a
 * decoder must reject; and that zod accepts the reply as sent, in a form the
 * core reads as it reads the reply, and rejects the same replies: a contender
 * that skipped a check would win unfairly.
 */
const checkDecoders = (text: string): void => {
  const json: unknown = JSON.parse(text)
  const results = decoderNames.map((name) => {
    try {
      return plain(decoders[name](json))
    } catch (error) {
      throw new Error(`${name} rejects the seed reply: ${String(error)}`)
    }
  })
  const [reference, ...others] = results
  others.forEach((result, index) => {
    const name = decoderNames[index + 1]!
    const sameKeyOrder = isDeepStrictEqual(
      Object.keys(productsOf(result)),
      Object.keys(productsOf(reference))
    )
    if (!sameKeyOrder || !isDeepStrictEqual(result, reference))
      throw new Error(
        `${name} and effectCore decode the seed reply differently:\n${JSON.stringify(result)}\n${JSON.stringify(reference)}`
      )
  })
  const wire = json as Record<string, { progress?: { TimeRunning?: string } }>
  const decoded = productsOf(reference) as Record<string, { progress?: { TimeRunning?: number } }>
  const productKeys = Object.keys(wire).filter(isProductKey)
  if (!isDeepStrictEqual(Object.keys(decoded), productKeys))
    throw new Error(`the decoded products ${Object.keys(decoded)} are not the reply's ${productKeys}`)
  for (const key of productKeys) {
    const clock = wire[key]!.progress?.TimeRunning
    const seconds = decoded[key]!.progress?.TimeRunning
    if (clock !== undefined && seconds !== secondsFromClock(clock))
      throw new Error(`${key}: TimeRunning "${clock}" decoded as ${seconds} seconds`)
  }
  const badReplies = {
    "a sub-step's StepStatus of 7": breakFirst(json, "StepStatus", 7, "SubStep"),
    'a TimeRunning of "00:61:00"': breakFirst(json, "TimeRunning", "00:61:00"),
    'a statusCode of "9"': breakFirst(json, "statusCode", "9"),
    "a statusText of null": breakFirst(json, "statusText", null)
  }
  for (const [what, reply] of Object.entries(badReplies))
    for (const name of decoderNames) {
      let accepted = true
      try {
        decoders[name](reply)
      } catch {
        accepted = false
      }
      if (accepted) throw new Error(`${name} accepts a reply with ${what}`)
    }
  if (!isDeepStrictEqual(checkWithZod(json), json))
    throw new Error("zod does not return the seed reply as sent")
  if (!isDeepStrictEqual(plain(decoders.effectCore(checkWithZod(json))), reference))
    throw new Error("effectCore reads zod's result differently from the seed reply")
  for (const [what, reply] of Object.entries(badReplies)) {
    let accepted = true
    try {
      checkWithZod(reply)
    } catch {
      accepted = false
    }
    if (accepted) throw new Error(`zod accepts a reply with ${what}`)
  }
}

/** Runs the core part. */
export const run = async (options: Options): Promise<PartReport> => {
  const text = readFileSync(fixture, "utf8")
  checkDecoders(text)
  console.log(
    `Decoding the "full shebang" status reply (${text.length} B): ${options.rounds} interleaved rounds of ${options.roundMs} ms per contender; median ops/s.\n` +
      `Both Effect decoders accept it with the same result; zod accepts it as sent (it checks, and leaves decoding to the caller); all three reject the same broken replies.\n`
  )
  const contenders: ReadonlyArray<Contender> = [
    { name: "jsonParse", label: "JSON.parse alone (baseline)", run: () => JSON.parse(text) },
    {
      name: "effectCore",
      label: "JSON.parse + @jobscope/core (Node entry: JIT)",
      run: () => decoders.effectCore(JSON.parse(text))
    },
    {
      name: "zod",
      label: "JSON.parse + @jobscope/zod (checks only)",
      run: () => checkWithZod(JSON.parse(text))
    },
    {
      name: "effectSuspend",
      label: "JSON.parse + Effect Schema (suspend, no JIT)",
      run: () => decoders.effectSuspend(JSON.parse(text))
    }
  ]
  const measured = throughput(contenders, options)
  const effectCorePass = measured.effectCore!.ratio >= targets.effectCoreRatio
  console.log(
    throughputTable(measured, "× JSON.parse", (contender) =>
      contender === "effectCore" ? `≥ ${targets.effectCoreRatio}×  ${verdict(effectCorePass)}` : ""
    )
  )

  const bundle = {
    decodeStatus: await bundleSize("decode a status reply with @jobscope/core", "decode-status.ts"),
    decodeStatusJit: await bundleSize("the same, with @jobscope/core/jit opted in", "decode-status-jit.ts"),
    schemaOnly: await bundleSize("effect/Schema alone, one tiny struct (the floor)", "schema-only.ts"),
    zod: await bundleSize("@jobscope/zod checking a status reply, for comparison", "zod-status.ts")
  }
  const bundlePass = bundle.decodeStatus.gzipBytes <= targets.decodeStatusGzipBytes
  const sizes = bundleTable([
    { bundle: bundle.decodeStatus, target: targets.decodeStatusGzipBytes },
    { bundle: bundle.decodeStatusJit },
    { bundle: bundle.schemaOnly },
    { bundle: bundle.zod }
  ])
  console.log(`\n${sizes}`)
  console.log(`\n${largestInputsTable(bundle.decodeStatus)}`)

  return {
    throughput: {
      fixture: "packages/core/test/fixtures/ukssdc/status-full.json",
      fixtureBytes: text.length,
      ...options,
      contenders: measured
    },
    bundle,
    targets,
    pass: { effectCoreRatio: effectCorePass, decodeStatusGzipBytes: bundlePass }
  }
}
