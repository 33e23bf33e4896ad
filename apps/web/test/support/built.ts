/**
 * The page built for the tests: `vite build` into `node_modules/.cache/`, not
 * into `dist/`, so that a test run never empties `dist/` while another build
 * (the CLI copies it) may be reading it.
 */
import { fileURLToPath } from "node:url"
import { build } from "vite"

/** The package's directory. */
export const root = fileURLToPath(new URL("../../", import.meta.url))

/** Where the tests' build of the page goes. */
export const dist = `${root}node_modules/.cache/jobscope-web-test/dist`

/** Vitest's global setup: builds the page once before any test file runs. */
export default async function setup(): Promise<void> {
  await build({ root, logLevel: "warn", build: { outDir: dist, emptyOutDir: true } })
}
