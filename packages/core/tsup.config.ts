import { defineConfig } from "tsup"

// One output module per source module, so that bundlers drop what a page does
// not use (the package is side-effect free). Declarations come from tsc
// (tsconfig.build.json), which keeps each namespace's values and types intact.
export default defineConfig({
  entry: ["src/**/*.ts"],
  format: ["esm"],
  bundle: false,
  dts: false,
  sourcemap: true,
  clean: true,
  target: "es2022"
})
