/**
 * Fails when a publishable package's manifest would make a consumer install a
 * second copy of a package that must be shared (`effect`, `zod`, …): a shared
 * package is anything some publishable package takes as a peer, and it may be
 * a peer or a devDependency of a publishable package, never a plain or optional
 * dependency. Also: a package takes as peers the peers of the workspace packages
 * it depends on (so a consumer sees them all in one place), and every peer range
 * admits the version the workspace develops and tests against.
 *
 * Run by `pnpm test` (`pnpm run lint:peers`); the pack-and-install test then
 * checks the installed result (`scripts/pack-and-install.ts`).
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

interface Manifest {
  readonly name: string
  readonly version: string
  readonly private?: boolean
  readonly dependencies?: Record<string, string>
  readonly optionalDependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
  readonly devDependencies?: Record<string, string>
}

const root = new URL("../", import.meta.url).pathname
const manifests: ReadonlyArray<Manifest & { readonly path: string }> = ["packages", "apps"].flatMap(
  (folder) =>
    readdirSync(join(root, folder)).map((name) => {
      const path = join(folder, name, "package.json")
      return { ...(JSON.parse(readFileSync(join(root, path), "utf8")) as Manifest), path }
    })
)
const publishable = manifests.filter((manifest) => manifest.private !== true)
const byName = new Map(manifests.map((manifest) => [manifest.name, manifest]))
const shared = new Set([
  "effect",
  ...publishable.flatMap((manifest) => Object.keys(manifest.peerDependencies ?? {}))
])

/** Whether an exact version such as 4.1.5 is in a range such as ^4.1.0 (the forms our manifests use). */
const admits = (range: string, version: string): boolean => {
  const [major, minor, patch] = version.split(".").map(Number) as [number, number, number]
  return range.split("||").some((part) => {
    const match = /^\s*(\^|>=|~)?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(part)
    if (match === null) return false
    const [low, lowMinor, lowPatch] = [Number(match[2]), Number(match[3] ?? 0), Number(match[4] ?? 0)]
    const atLeast =
      major > low || (major === low && (minor > lowMinor || (minor === lowMinor && patch >= lowPatch)))
    if (match[1] === ">=") return atLeast
    if (match[1] === "~") return atLeast && major === low && minor === lowMinor
    if (match[1] === "^") return atLeast && major === low
    return major === low && minor === lowMinor && patch === lowPatch
  })
}

const problems: Array<string> = []
for (const manifest of publishable) {
  const peers = manifest.peerDependencies ?? {}
  for (const field of ["dependencies", "optionalDependencies"] as const)
    for (const name of Object.keys(manifest[field] ?? {}))
      if (shared.has(name))
        problems.push(
          `${manifest.path}: ${name} is in ${field}, so a consumer with their own ${name} gets a second copy; make it a peerDependency`
        )
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    const ours = byName.get(dependency)
    for (const [peer, range] of Object.entries(ours?.peerDependencies ?? {}))
      if (!(peer in peers))
        problems.push(
          `${manifest.path}: depends on ${dependency}, which needs ${peer} ${range}; take it as a peer too`
        )
  }
  for (const [peer, range] of Object.entries(peers)) {
    const developed = manifest.devDependencies?.[peer]
    if (developed === undefined)
      problems.push(
        `${manifest.path}: peer ${peer} has no devDependency, so nothing tests the range ${range}`
      )
    else if (!admits(range, developed))
      problems.push(
        `${manifest.path}: peer ${peer} ${range} does not admit ${developed}, the version its tests use`
      )
  }
}

if (problems.length > 0) {
  console.error(
    `Peer dependencies: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join("\n")}`
  )
  process.exit(1)
}
console.log(
  `Peer dependencies: ${publishable.length} publishable packages share ${[...shared].sort().join(", ")}`
)
