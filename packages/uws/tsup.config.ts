import { defineConfig } from "tsup"
import { perModule } from "../../tsup.shared.js"

export default defineConfig({
  ...perModule
})
