/**
 * The size of a browser bundle: esbuild, minified and tree-shaken, then gzip
 * at level 9, with the inputs that take the most room in it.
 */
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { build } from "esbuild"

/** One input module's share of a bundle. */
export interface Input {
  /** The module, shortened to the package and its path inside it. */
  readonly path: string
  /** Bytes it contributes to the minified (not gzipped) bundle. */
  readonly bytes: number
}

/** A bundle's size. */
export interface BundleSize {
  readonly label: string
  /** Minified bytes. */
  readonly bytes: number
  /** Minified then gzipped (level 9) bytes. */
  readonly gzipBytes: number
  /** The inputs that contribute the most, largest first. */
  readonly topInputs: ReadonlyArray<Input>
}

/** Strips the pnpm store so that `…/.pnpm/effect@4.1.0/node_modules/effect/dist/Schema.js` reads `effect/dist/Schema.js`. */
const shorten = (path: string): string => {
  const at = path.lastIndexOf("node_modules/")
  return at === -1 ? path.replace(/^(\.\.\/)+/, "") : path.slice(at + "node_modules/".length)
}

/**
 * Bundles `entry` (a path relative to `src/entries/`, or the URL of a file
 * elsewhere) for the browser as esbuild would for an application: ESM,
 * minified, tree-shaken, stylesheets left out.
 */
export const bundleSize = async (label: string, entry: string | URL, top = 10): Promise<BundleSize> => {
  const result = await build({
    entryPoints: [
      fileURLToPath(typeof entry === "string" ? new URL(`./entries/${entry}`, import.meta.url) : entry)
    ],
    // A page's stylesheets are not its JavaScript.
    loader: { ".css": "empty" },
    absWorkingDir: fileURLToPath(new URL("..", import.meta.url)),
    bundle: true,
    minify: true,
    treeShaking: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent"
  })
  const output = result.outputFiles[0]
  if (output === undefined) throw new Error(`esbuild wrote no output for ${entry}`)
  const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {}
  const topInputs = Object.entries(inputs)
    .map(([path, { bytesInOutput }]) => ({ path: shorten(path), bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top)
  return {
    label,
    bytes: output.contents.byteLength,
    gzipBytes: gzipSync(output.contents, { level: 9 }).byteLength,
    topInputs
  }
}
