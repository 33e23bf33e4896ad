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
const viteAssets = fileURLToPath(new URL("../../apps/web/dist/assets/", import.meta.url))

/** The JavaScript of Vite's build of the page (built by `pnpm bench` through the CLI, which ships it). */
const viteBuild = () => {
  const files = readdirSync(viteAssets).filter((file) => file.endsWith(".js"))
  const bytes = files.map((file) => readFileSync(`${viteAssets}${file}`))
  return {
    files,
    bytes: bytes.reduce((total, file) => total + file.byteLength, 0),
    gzipBytes: bytes.reduce((total, file) => total + gzipSync(file, { level: 9 }).byteLength, 0)
  }
}

/** Runs the web part. */
export const run = async (): Promise<PartReport> => {
  const bundle = await bundleSize("the live status page (apps/web)", page, 15)
  const vite = viteBuild()
  const pass = vite.gzipBytes <= targets.pageGzipBytes
  console.log(
    `The live page as Vite builds it (${vite.files.join(", ")}): ${kb(vite.bytes)} KB, min+gzip ${kb(vite.gzipBytes)} KB (target ≤ ${kb(targets.pageGzipBytes)}) ${verdict(pass)}\n`
  )
  console.log(`${bundleTable([{ bundle }])}\n`)
  console.log(largestInputsTable(bundle))
  return {
    bundle: { page: bundle, vite },
    targets,
    pass: { pageGzipBytes: pass }
  }
}
