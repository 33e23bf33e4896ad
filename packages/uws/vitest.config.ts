import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"
import { test } from "../../vitest.shared.js"

export default defineConfig({
  resolve: {
    // Tests import the package by its public name, served from the sources.
    alias: [
      {
        find: /^@jobscope\/uws\/node$/,
        replacement: fileURLToPath(new URL("./src/node.ts", import.meta.url))
      },
      {
        find: /^@jobscope\/uws$/,
        replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url))
      }
    ]
  },
  test
})
