import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"
import { test } from "../../vitest.shared.js"

const source = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests import the package by its public names, served from the sources.
    alias: [
      { find: /^@jobscope\/core$/, replacement: source("index.ts") },
      { find: /^@jobscope\/core\/jit$/, replacement: source("Jit.ts") }
    ]
  },
  test
})
