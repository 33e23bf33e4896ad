/**
 * Part `web`: the weight of the live status page (`apps/web`), the JavaScript
 * a browser downloads to watch a job. Judged on Vite's build of the page, what
 * the simulator serves and a browser downloads (gzip -9); esbuild's bundle of
 * the same entry (as the other bundles here) is shown beside it to say what
 * takes the room (Rollup, under Vite, tree-shakes a little more).
 */
import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { bundleSize } from "./bundle.js"
import { bundleTable, kb, largestInputsTable, type PartReport, verdict } from "./report.js"

/** What the web part must reach. */
export const targets = {
  /** Bytes of the live page's JavaScript, minified and gzipped, at most (issue 20). */
  pageGzipBytes: 50 * 1024
} as const

const page = new URL("../../apps/web/src/main.ts", import.meta.url)
const viteDist = fileURLToPath(new URL("../../apps/web/dist/", import.meta.url))

/** The size of some of the build's JavaScript files, raw and gzipped. */
const weigh = (files: ReadonlyArray<string>) => {
  const bytes = files.map((file) => readFileSync(`${viteDist}assets/${file}`))
  return {
    files,
    bytes: bytes.reduce((total, file) => total + file.byteLength, 0),
    gzipBytes: bytes.reduce((total, file) => total + gzipSync(file, { level: 9 }).byteLength, 0)
  }
}

/**
 * The JavaScript of Vite's build of the page (built by `pnpm bench` through
 * the CLI, which ships it): what a browser loads with the page (the files
 * `index.html` names, its entry and modulepreloads), judged against the
 * target; and the chunks loaded only by `import()` when a feature is used
 * (the UWS decoding), shown on their own.
 */
const viteBuild = () => {
  const html = readFileSync(`${viteDist}index.html`, "utf8")
  const named = new Set(
    [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((match) => match[1]!)
  )
  const files = readdirSync(`${viteDist}assets/`).filter((file) => file.endsWith(".js"))
  return {
    ...weigh(files.filter((file) => named.has(file))),
    lazy: weigh(files.filter((file) => !named.has(file)))
  }
}

/** Runs the web part. */
export const run = async (): Promise<PartReport> => {
  const bundle = await bundleSize("the live status page (apps/web)", page, 15)
  const vite = viteBuild()
  const pass = vite.gzipBytes <= targets.pageGzipBytes
  console.log(
    `The live page as Vite builds it (${vite.files.join(", ")}): ${kb(vite.bytes)} KB, min+gzip ${kb(vite.gzipBytes)} KB (target ≤ ${kb(targets.pageGzipBytes)}) ${verdict(pass)}`
  )
  console.log(
    `Loaded only when used (${vite.lazy.files.join(", ") || "none"}): ${kb(vite.lazy.bytes)} KB, min+gzip ${kb(vite.lazy.gzipBytes)} KB\n`
  )
  console.log(`${bundleTable([{ bundle }])}\n`)
  console.log(largestInputsTable(bundle))
  return {
    bundle: { page: bundle, vite },
    targets,
    pass: { pageGzipBytes: pass }
  }
}
