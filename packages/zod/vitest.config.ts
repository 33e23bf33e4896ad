import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"
import { test } from "../../vitest.shared.js"

export default defineConfig({
  // The README's example imports the package by name: test it against the sources, not a build.
  resolve: { alias: { "@jobscope/zod": fileURLToPath(new URL("./src/index.ts", import.meta.url)) } },
  test
})
