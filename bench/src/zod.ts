/**
 * The zod part: the same replies checked with `@jobscope/zod` and decoded with
 * `@jobscope/core` (Effect Schema), each as a ratio to `JSON.parse` alone timed
 * in the same rounds; and whether a page that uses only the zod schemas is
 * free of Effect.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { isDeepStrictEqual } from "node:util"
import { Tom as CoreTom, Too as CoreToo, Ukssdc as CoreUkssdc } from "@jobscope/core"
import { Tom, Too, Ukssdc } from "@jobscope/zod"
import * as Schema from "effect/Schema"
import { type BundleSize, bundleSize } from "./bundle.js"
import { type Contender, type Options, type Throughput, throughput } from "./measure.js"
import { kb, type PartReport, table, verdict } from "./report.js"

/** What the zod part must show. */
export const targets = {
  /** A page that checks a status reply with `@jobscope/zod` bundles no Effect and no `@jobscope/core`. */
  zodPageWithoutEffect: true,
  /** Parse + decode with `@jobscope/core`, at least this fraction of `JSON.parse` alone, per reply (issue 20). */
  effectCoreRatio: { ukssdcStatus: 0.8, tooStatus: 0.6, tomStatus: 0.6 }
} as const

const fixtures = fileURLToPath(new URL("../../packages/core/test/fixtures/", import.meta.url))

/** One reply to decode, its two decoders, and replies both must refuse. */
interface Reply {
  readonly label: string
  readonly fixture: string
  readonly zod: (json: unknown) => unknown
  readonly effect: (json: unknown) => unknown
  /** Broken copies of the reply, each named by what is wrong with it. */
  readonly broken: (json: unknown) => Record<string, unknown>
}

/** A copy of a JSON value with the value at `path` replaced. */
const replaceAt = (value: unknown, path: ReadonlyArray<string | number>, replacement: unknown): unknown => {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string | number, unknown>
  const parent = path
    .slice(0, -1)
    .reduce<Record<string | number, unknown>>(
      (node, key) => node[key] as Record<string | number, unknown>,
      copy
    )
  parent[path.at(-1)!] = replacement
  return copy
}

const replies: Record<keyof typeof targets.effectCoreRatio, Reply> = {
  ukssdcStatus: {
    label: `UKSSDC status reply ("full shebang")`,
    fixture: "ukssdc/status-full.json",
    zod: (json) => Ukssdc.StatusResponse.parse(json),
    effect: Schema.decodeUnknownSync(CoreUkssdc.StatusResponse),
    broken: (json) => ({
      "a sub-step's StepStatus of 7": replaceAt(
        json,
        ["spec", "progress", "ProgressSteps", 1, "SubStep", 0, "StepStatus"],
        7
      ),
      'a statusCode of "9"': replaceAt(json, ["lc", "statusCode"], "9"),
      'a TimeRunning of "00:61:00"': replaceAt(json, ["spec", "progress", "TimeRunning"], "00:61:00")
    })
  },
  tooStatus: {
    label: "TOO status with its result (a visibility query)",
    fixture: "too/status-fetchresult.json",
    zod: (json) => Too.Envelope.parse(json),
    effect: Schema.decodeUnknownSync(CoreToo.Envelope),
    broken: (json) => ({
      'a status of "Done"': replaceAt(json, ["api_data", "status"], "Done"),
      "a window beginning on 30 February": replaceAt(
        json,
        ["api_data", "result", "api_data", "windows", 0, "api_data", "begin"],
        "2021-02-30 00:00:00"
      )
    })
  },
  tomStatus: {
    label: "TOM async status reply",
    fixture: "tom/status-later.json",
    zod: (json) => Tom.AsyncStatusResponse.parse(json),
    effect: Schema.decodeUnknownSync(CoreTom.AsyncStatusResponse),
    broken: (json) => ({
      "a process created before 1970": replaceAt(json, ["processes", 0, "created"], -1),
      "a status of null": replaceAt(json, ["processes", 1, "status"], null)
    })
  }
}

const rejects = (decode: (json: unknown) => unknown, json: unknown): boolean => {
  try {
    decode(json)
    return false
  } catch {
    return true
  }
}

/**
 * Checks, before anything is timed, that both accept the reply, that zod
 * returns it as sent and the core reads zod's result as it reads the reply,
 * and that both refuse the broken copies: a decoder that skipped a check would
 * win unfairly.
 */
const check = (name: string, reply: Reply, json: unknown): void => {
  const zod = reply.zod(json)
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(zod)), json))
    throw new Error(`${name}: @jobscope/zod does not return the reply as sent`)
  if (!isDeepStrictEqual(reply.effect(zod), reply.effect(json)))
    throw new Error(`${name}: the core reads zod's result differently from the reply`)
  for (const [what, broken] of Object.entries(reply.broken(json))) {
    if (!rejects(reply.zod, broken)) throw new Error(`${name}: @jobscope/zod accepts a reply with ${what}`)
    if (!rejects(reply.effect, broken))
      throw new Error(`${name}: @jobscope/core accepts a reply with ${what}`)
  }
}

const ratioCell = ({ ratio, ratioRange }: Throughput): string =>
  `${ratio.toFixed(2)}× (${ratioRange[0].toFixed(2)}–${ratioRange[1].toFixed(2)})`

/** Runs the zod part. */
export const run = async (options: Options): Promise<PartReport> => {
  console.log(
    `Each reply parsed and checked: ${options.rounds} interleaved rounds of ${options.roundMs} ms per contender; median ops/s as a ratio to JSON.parse of the same text (per-round range in brackets).\n` +
      `zod checks the reply and returns it as sent; the core checks it and decodes it (Dates, Durations, products gathered).\n` +
      `Both accept each reply, the core reads zod's result as it reads the reply, and both refuse the same broken copies.\n`
  )
  const measured: Record<string, unknown> = {}
  const effectCorePass: Record<string, boolean> = {}
  const rows: Array<Array<string>> = []
  for (const [name, reply] of Object.entries(replies) as ReadonlyArray<[keyof typeof replies, Reply]>) {
    const text = readFileSync(`${fixtures}${reply.fixture}`, "utf8")
    check(name, reply, JSON.parse(text))
    const contenders: ReadonlyArray<Contender> = [
      { name: "jsonParse", label: "JSON.parse alone (baseline)", run: () => JSON.parse(text) },
      { name: "zod", label: "JSON.parse + @jobscope/zod", run: () => reply.zod(JSON.parse(text)) },
      { name: "effectCore", label: "JSON.parse + @jobscope/core", run: () => reply.effect(JSON.parse(text)) }
    ]
    const result = throughput(contenders, options)
    measured[name] = {
      fixture: `packages/core/test/fixtures/${reply.fixture}`,
      fixtureBytes: text.length,
      contenders: result
    }
    const target = targets.effectCoreRatio[name]
    effectCorePass[name] = result.effectCore!.ratio >= target
    rows.push([
      `${reply.label}, ${text.length} B`,
      ratioCell(result.zod!),
      ratioCell(result.effectCore!),
      `≥ ${target}×  ${verdict(effectCorePass[name])}`,
      `${(result.zod!.ratio / result.effectCore!.ratio).toFixed(2)}×`
    ])
  }
  console.log(
    table(["reply", "zod × JSON.parse", "Effect × JSON.parse", "target", "zod ÷ Effect"], rows, [
      "left",
      "right",
      "right",
      "right",
      "right"
    ])
  )

  const page: BundleSize = await bundleSize(
    "a page checking a status reply with @jobscope/zod",
    "zod-status.ts",
    Number.POSITIVE_INFINITY
  )
  const foreign = page.topInputs.filter(
    ({ path }) => path.startsWith("effect/") || path.includes("packages/core/")
  )
  const zodPageWithoutEffect = foreign.length === 0
  console.log(
    `\nBrowser bundle (esbuild: ESM, minified, tree-shaken; gzip -9)\n${table(
      ["entry", "min KB", "min+gzip KB", "Effect or core inside", "target"],
      [
        [
          page.label,
          kb(page.bytes),
          kb(page.gzipBytes),
          zodPageWithoutEffect ? "none" : foreign.map(({ path }) => path).join(", "),
          `none  ${verdict(zodPageWithoutEffect)}`
        ]
      ]
    )}`
  )

  return {
    throughput: { ...options, replies: measured },
    bundle: { zodPage: { ...page, topInputs: page.topInputs.slice(0, 10) } },
    targets,
    pass: {
      zodPageWithoutEffect,
      ...Object.fromEntries(
        Object.entries(effectCorePass).map(([name, pass]) => [`${name}EffectCoreRatio`, pass])
      )
    }
  }
}
