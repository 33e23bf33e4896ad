/**
 * Builds the CLI once for the end-to-end tests, as `pnpm build` does
 * (`tsup.config.ts`), into `node_modules/.cache/`, so that no test runs a
 * `dist/` that another build may be rewriting; the tests get its path.
 */
import { cpSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "tsup"
import type { TestProject } from "vitest/node"

declare module "vitest" {
  export interface ProvidedContext {
    /** The built `jobscope` executable the end-to-end tests run. */
    readonly jobscopeBin: string
  }
}

const root = fileURLToPath(new URL("../../../", import.meta.url))
const webDist = join(dirname(createRequire(import.meta.url).resolve("@jobscope/web/package.json")), "dist")

export default async function setup(project: TestProject) {
  const built = join(root, `node_modules/.cache/jobscope-cli-e2e/${process.pid}`)
  const cwd = process.cwd()
  // tsup reads its config, entry and tsconfig from the working directory.
  process.chdir(root)
  try {
    await build({
      outDir: built,
      silent: true,
      onSuccess: async () => cpSync(webDist, join(built, "web"), { recursive: true })
    })
  } finally {
    process.chdir(cwd)
  }
  project.provide("jobscopeBin", join(built, "main.js"))
  return () => rmSync(built, { recursive: true, force: true })
}
