/**
 * The pack-and-install test: packs every publishable package (`pnpm pack`),
 * installs the tarballs into a fresh project with plain npm and the newest
 * versions their peer ranges allow, then, from that project, as a user would:
 * checks that one copy of each shared package (effect, zod) was installed,
 * type-checks and runs every package README's opening example and every
 * `docs/examples` file, and runs `npx jobscope --help` and `npx jobscope demo`.
 * It catches what the workspace's own tests cannot: a duplicated Effect, a
 * missing `files` entry, a wrong `exports` path, a type that does not resolve.
 *
 * `pnpm test:install` (after a build; `.ci/run` runs it). Needs the npm registry.
 * The project is removed when everything passed and kept, with its path printed, otherwise.
 */
import { execFileSync, spawnSync } from "node:child_process"
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { openingExample } from "../test-support/readmeExample.ts"

interface Manifest {
  readonly name: string
  readonly private?: boolean
  readonly peerDependencies?: Record<string, string>
  readonly devDependencies?: Record<string, string>
}

const root = new URL("../", import.meta.url).pathname
const read = (path: string): Manifest => JSON.parse(readFileSync(path, "utf8")) as Manifest
const started = Date.now()
const seconds = () => `${((Date.now() - started) / 1000).toFixed(0)} s`
const step = (text: string) => console.log(`[pack-and-install ${seconds()}] ${text}`)

const publishable = ["packages", "apps"].flatMap((folder) =>
  readdirSync(join(root, folder))
    .map((name) => join(root, folder, name))
    .filter((directory) => read(join(directory, "package.json")).private !== true)
)

const project = mkdtempSync(join(tmpdir(), "jobscope-install-"))
const tarballs = join(project, "tarballs")
mkdirSync(tarballs)
const failures: Array<string> = []

/** The environment of a user's shell: without the settings pnpm passes its scripts, which npm warns about. */
const environment = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_config_"))
)

/** Runs a command in the project; a failure is recorded with the end of its output, not thrown. */
const run = (what: string, command: string, args: ReadonlyArray<string>, timeoutMs = 120_000): string => {
  const result = spawnSync(command, args, {
    cwd: project,
    encoding: "utf8",
    timeout: timeoutMs,
    env: environment
  })
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`
  if (result.status !== 0) {
    const tail = output.trimEnd().split("\n").slice(-25).join("\n")
    failures.push(`${what}: ${result.error?.message ?? `exit ${result.status}`}\n${tail}`)
    console.log(`  FAIL ${what}`)
  } else console.log(`  ok   ${what}`)
  return output
}

// 1. Pack, with the pnpm that runs this script (it turns `workspace:` ranges into versions).
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a script pnpm runs, not a turbo task
const pnpm = process.env.npm_execpath
step(`packing ${publishable.length} packages`)
for (const directory of publishable) {
  const args = ["pack", "--pack-destination", tarballs]
  if (pnpm?.endsWith(".js") || pnpm?.endsWith(".cjs"))
    execFileSync(process.execPath, [pnpm, ...args], { cwd: directory, stdio: "ignore" })
  else execFileSync("npx", ["-y", "pnpm@10.34.9", ...args], { cwd: directory, stdio: "ignore" })
}

// 2. Install them with npm, each peer at the newest version its range allows, and the tools to type-check.
const manifests = publishable.map((directory) => read(join(directory, "package.json")))
const peers = new Map<string, string>()
for (const manifest of manifests)
  for (const [name, range] of Object.entries(manifest.peerDependencies ?? {}))
    if ((peers.get(name) ?? "") < range) peers.set(name, range)
const rootManifest = read(join(root, "package.json"))
const tools = ["typescript", "@types/node"].map((name) => `${name}@${rootManifest.devDependencies?.[name]}`)
writeFileSync(
  join(project, "package.json"),
  `${JSON.stringify({ name: "fresh", private: true, type: "module" })}\n`
)
step(`npm install of the tarballs, ${[...peers].map(([name, range]) => `${name}@${range}`).join(", ")}`)
run("npm install", "npm", [
  "install",
  "--no-audit",
  "--no-fund",
  "--loglevel=error",
  ...readdirSync(tarballs).map((file) => join(tarballs, file)),
  ...[...peers].map(([name, range]) => `${name}@${range}`),
  ...tools
])
if (failures.length > 0) finish()

// 3. One copy of each shared package, wherever npm put it.
const copies = new Map<string, Array<string>>()
const walk = (directory: string) => {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    const path = join(directory, entry.name)
    if (entry.name.startsWith("@")) {
      walk(path)
      continue
    }
    const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length)
    if (peers.has(name)) copies.set(name, [...(copies.get(name) ?? []), path])
    if (existsSync(join(path, "node_modules"))) walk(join(path, "node_modules"))
  }
}
walk(join(project, "node_modules"))
for (const [name, paths] of copies) {
  const versions = paths.map(
    (path) => `${path.slice(project.length + 1)} (${read(join(path, "package.json")).version})`
  )
  if (paths.length > 1) failures.push(`${paths.length} copies of ${name}: ${versions.join(", ")}`)
  console.log(`  ${paths.length === 1 ? "ok  " : "FAIL"} one copy of ${name}: ${versions.join(", ")}`)
}

// 4. The examples, as files of the project: each README's opening one and every docs example.
const examples: Array<string> = []
mkdirSync(join(project, "readme"))
for (const directory of publishable) {
  const code = openingExample(readFileSync(join(directory, "README.md"), "utf8"))
  if (code === undefined) continue
  const file = `readme/${read(join(directory, "package.json")).name.replace("@jobscope/", "")}.ts`
  writeFileSync(join(project, file), code)
  examples.push(file)
}
cpSync(join(root, "docs/examples"), join(project, "examples"), { recursive: true })
for (const file of readdirSync(join(project, "examples"))) examples.push(`examples/${file}`)
const base = JSON.parse(readFileSync(join(root, "tsconfig.base.json"), "utf8")) as {
  compilerOptions: Record<string, unknown>
}
writeFileSync(
  join(project, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: { ...base.compilerOptions, noEmit: true, types: ["node"], declaration: false },
    include: ["readme", "examples"]
  })
)
step(`type-checking ${examples.length} examples against the installed packages`)
run("tsc", join(project, "node_modules/.bin/tsc"), ["-p", "."])
step("running them with node")
for (const file of examples) run(`node ${file}`, process.execPath, [file], 60_000)

// 5. The command, as `npx` finds it in the project.
step("the jobscope command")
const help = run("npx jobscope --help", "npx", ["jobscope", "--help"])
if (!/^Usage|USAGE/m.test(help) || !help.includes("jobscope demo"))
  failures.push(`npx jobscope --help printed no help:\n${help}`)
run("npx jobscope demo", "npx", ["jobscope", "demo"], 180_000)
if (!existsSync(join(project, "out/report.html"))) failures.push("npx jobscope demo wrote no out/report.html")

finish()

function finish(): never {
  if (failures.length > 0) {
    console.error(
      `\npack-and-install: ${failures.length} failure(s) in ${seconds()}; the project is kept at ${project}\n`
    )
    for (const failure of failures) console.error(`${failure}\n`)
    process.exit(1)
  }
  rmSync(project, { recursive: true, force: true })
  step(`passed: ${publishable.length} packages packed, installed and used from a fresh project`)
  process.exit(0)
}
