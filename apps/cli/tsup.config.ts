import { cpSync, existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { defineConfig } from "tsup"

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string
}

/** The live status page's built files (`@jobscope/web`), which `jobscope sim --web` serves. */
const webDist = join(dirname(createRequire(import.meta.url).resolve("@jobscope/web/package.json")), "dist")

/**
 * One executable with everything it uses bundled in, so that `jobscope`
 * starts by reading a single file (start-up time is a benchmark target);
 * what only some commands need (the simulator, the web page's files) is
 * split into chunks loaded on demand. The page's files are copied to `dist/web`.
 */
export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node22",
  bundle: true,
  splitting: true,
  noExternal: [/.*/],
  // Keep `node:` prefixes: node:sqlite (the service's database) has no unprefixed name.
  removeNodeProtocol: false,
  // A CommonJS dependency of the service's chunk requires Node built-ins; ESM has no `require` of its own.
  banner: {
    js: 'import { createRequire as __jobscopeRequire } from "node:module"; const require = __jobscopeRequire(import.meta.url);'
  },
  minify: true,
  clean: true,
  define: { __VERSION__: JSON.stringify(version) },
  onSuccess: async () => {
    if (!existsSync(join(webDist, "index.html"))) throw new Error(`build @jobscope/web first: no ${webDist}`)
    cpSync(webDist, "dist/web", { recursive: true })
  }
})
