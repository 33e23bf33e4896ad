import { defineConfig } from "vitest/config"
import { test } from "../vitest.shared.js"

export default defineConfig({ test })
