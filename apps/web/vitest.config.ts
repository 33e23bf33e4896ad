import { defineConfig } from "vitest/config"
import { test } from "../../vitest.shared.js"

export default defineConfig({
  test: {
    ...test,
    // The page is built once, for every test file that opens or serves it.
    globalSetup: ["test/support/built.ts"]
  }
})
