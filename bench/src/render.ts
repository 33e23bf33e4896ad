/**
 * The renderers part: the seed's "full shebang" UKSSDC status reply rendered
 * as HTML in legacy mode, as a ratio to a plain string-concatenation port of
 * statusCheck.js (no escaping) timed in the same rounds; and the size of a
 * browser bundle with the core and the HTML renderer.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Ukssdc } from "@jobscope/core"
import { Html } from "@jobscope/html"
import * as Schema from "effect/Schema"
import { statusCheck } from "../../packages/html/test/statusCheckBaseline.js"
import { bundleSize } from "./bundle.js"
import { type Contender, type Options, throughput } from "./measure.js"
import { bundleTable, largestInputsTable, type PartReport, throughputTable, verdict } from "./report.js"

/** What the renderers part must reach. */
export const targets = {
  /** Legacy-mode rendering with `@jobscope/html`, at least this fraction of the statusCheck.js port's throughput. */
  legacyRatio: 0.8,
  /** Semantic-mode rendering, at least this fraction of the statusCheck.js port's throughput (issue 20). */
  semanticRatio: 0.6,
  /** Bytes of the minified, gzipped browser bundle that decodes a status reply and renders it, at most. */
  pageGzipBytes: 40 * 1024
} as const

const fixtures = fileURLToPath(new URL("../../packages/core/test/fixtures/ukssdc/", import.meta.url))

/** Runs the renderers part. */
export const run = async (options: Options): Promise<PartReport> => {
  const text = readFileSync(`${fixtures}status-full.json`, "utf8")
  const request = JSON.parse(readFileSync(`${fixtures}status-full-request.json`, "utf8")) as {
    readonly what: string
    readonly whatProg: string
  }
  const json: unknown = JSON.parse(text)
  const what = request.what.split(",")
  const showProg = Object.fromEntries(request.whatProg.split(",").map((product) => [product, true]))
  const reply = Schema.decodeUnknownSync(Ukssdc.StatusResponse)(json)
  if (reply.OK !== 1) throw new Error("the seed reply is not a successful status reply")
  const snapshot = Ukssdc.toSnapshot(reply, { observedAt: new Date() })

  // Both must write the same markup, or the comparison means nothing.
  const expected = statusCheck(json, what, showProg)
  if (Html.legacy(snapshot) !== expected)
    throw new Error(`@jobscope/html legacy mode and the statusCheck.js port differ on the seed reply`)
  console.log(
    `Rendering the "full shebang" status reply (${text.length} B of JSON, ${expected.length} B of HTML): ${options.rounds} interleaved rounds of ${options.roundMs} ms per contender; median ops/s.\n` +
      `The port renders the parsed reply; the renderers render the snapshot the core made of it (decoded once, beforehand).\n` +
      `Legacy mode writes exactly what the port writes.\n`
  )
  const contenders: ReadonlyArray<Contender> = [
    {
      name: "statusCheck",
      label: "statusCheck.js port, string concatenation, no escaping (baseline)",
      run: () => statusCheck(json, what, showProg)
    },
    { name: "legacy", label: "@jobscope/html legacy mode (escaped)", run: () => Html.legacy(snapshot) },
    { name: "semantic", label: "@jobscope/html semantic mode", run: () => Html.semantic(snapshot) }
  ]
  const measured = throughput(contenders, options)
  const legacyPass = measured.legacy!.ratio >= targets.legacyRatio
  const semanticPass = measured.semantic!.ratio >= targets.semanticRatio
  console.log(
    throughputTable(measured, "× port", (contender) =>
      contender === "legacy"
        ? `≥ ${targets.legacyRatio}×  ${verdict(legacyPass)}`
        : contender === "semantic"
          ? `≥ ${targets.semanticRatio}×  ${verdict(semanticPass)}`
          : ""
    )
  )

  const bundle = {
    page: await bundleSize("decode a status reply and render it (core + html)", "render-html.ts"),
    htmlOnly: await bundleSize(
      "render a snapshot already at hand (html + what it uses of core)",
      "render-html-only.ts"
    )
  }
  const bundlePass = bundle.page.gzipBytes <= targets.pageGzipBytes
  const sizes = bundleTable([
    { bundle: bundle.page, target: targets.pageGzipBytes },
    { bundle: bundle.htmlOnly }
  ])
  console.log(`\n${sizes}`)
  console.log(`\n${largestInputsTable(bundle.htmlOnly)}`)

  return {
    throughput: {
      fixture: "packages/core/test/fixtures/ukssdc/status-full.json",
      fixtureBytes: text.length,
      htmlBytes: expected.length,
      ...options,
      contenders: measured
    },
    bundle,
    targets,
    pass: { legacyRatio: legacyPass, semanticRatio: semanticPass, pageGzipBytes: bundlePass }
  }
}
