import { defineConfig } from "vitest/config"
import { test } from "../../vitest.shared.js"

export default defineConfig({
  test: {
    ...test,
    // The end-to-end tests run the CLI as built from these sources, once per run.
    globalSetup: ["test/e2e/support/globalSetup.ts"]
  }
})
