import type { Options } from "tsup"

/**
 * How every package is built: one ESM module per source module, so that
 * bundlers drop what a page does not use (the packages are side-effect free).
 * Declarations come from tsc (each package's tsconfig.build.json), which keeps
 * each namespace's values and types intact where tsup's bundled `.d.ts` did not.
 */
export const perModule = {
  entry: ["src/**/*.ts"],
  format: ["esm"],
  bundle: false,
  dts: false,
  sourcemap: true,
  clean: true,
  target: "es2022"
} satisfies Options
