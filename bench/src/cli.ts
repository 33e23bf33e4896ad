/**
 * The `jobscope` command's start-up: `jobscope --help` against `node -e 0`,
 * run alternately in the same loop so that both see the same machine, as a
 * ratio of medians with the range of the ratios of each alternate pair
 * (target: at most 2×, issue 20; 4× before); and the size of what it loads.
 */
import { spawnSync } from "node:child_process"
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { kb, type PartReport, table, verdict } from "./report.js"

const dist = fileURLToPath(new URL("../../apps/cli/dist/", import.meta.url))
const main = join(dist, "main.js")
const runs = 25
const target = 2

/** Wall-clock milliseconds of one run of `node args`, which must exit 0. */
const time = (args: ReadonlyArray<string>): number => {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { encoding: "utf8" })
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr}`)
  return elapsed
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The files a module loads before it runs: itself and, transitively, what it imports statically. */
const loadedAtStart = (file: string, seen = new Set<string>()): Set<string> => {
  if (seen.has(file)) return seen
  seen.add(file)
  const code = readFileSync(join(dist, file), "utf8")
  for (const [, imported] of code.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g))
    loadedAtStart(imported!, seen)
  return seen
}

const size = (path: string) => {
  const bytes = readFileSync(path)
  return { bytes: bytes.byteLength, gzip: gzipSync(bytes).byteLength }
}

/** Times start-up, checks that `--help` prints the help, and reports. */
export const run = async (): Promise<PartReport> => {
  const help = spawnSync(process.execPath, [main, "--help"], { encoding: "utf8" })
  if (help.status !== 0 || !help.stdout.includes("ukssdc"))
    throw new Error(`jobscope --help did not print the help (exit ${help.status}): ${help.stderr}`)
  for (let warm = 0; warm < 3; warm++) {
    time(["-e", "0"])
    time([main, "--help"])
  }
  const bare: Array<number> = []
  const cli: Array<number> = []
  for (let round = 0; round < runs; round++) {
    bare.push(time(["-e", "0"]))
    cli.push(time([main, "--help"]))
  }
  const ratio = median(cli) / median(bare)
  // Each pair ran back to back: the spread of their ratios shows how noisy the machine was.
  const pairRatios = cli.map((millis, round) => millis / bare[round]!).sort((a, b) => a - b)
  const ratioRange = [pairRatios[Math.floor(runs * 0.1)]!, pairRatios[Math.ceil(runs * 0.9) - 1]!] as const
  const sum = (files: Iterable<string>) =>
    Array.from(files, (file) => size(join(dist, file))).reduce(
      (total, one) => ({ bytes: total.bytes + one.bytes, gzip: total.gzip + one.gzip }),
      { bytes: 0, gzip: 0 }
    )
  const chunks = readdirSync(dist).filter(
    (file) => file.endsWith(".js") && statSync(join(dist, file)).isFile()
  )
  const startFiles = loadedAtStart("main.js")
  const start = sum(startFiles)
  const all = sum(chunks)
  console.log(
    table(
      ["run", `median of ${runs} (ms)`, "min (ms)", "× node -e 0", "pairs p10–p90", "target"],
      [
        ["node -e 0", median(bare).toFixed(1), Math.min(...bare).toFixed(1), "1.00×", "", ""],
        [
          "jobscope --help",
          median(cli).toFixed(1),
          Math.min(...cli).toFixed(1),
          `${ratio.toFixed(2)}×`,
          `${ratioRange[0].toFixed(2)}–${ratioRange[1].toFixed(2)}×`,
          `≤ ${target}×  ${verdict(ratio <= target)}`
        ]
      ]
    )
  )
  console.log(
    `\nloaded at start: ${startFiles.size} files, ${kb(start.bytes)} KB (gzip ${kb(start.gzip)} KB); all ${chunks.length} files ${kb(all.bytes)} KB (the rest loads with the subcommand that needs it)`
  )
  return {
    throughput: {
      startup: {
        bareMillis: median(bare),
        helpMillis: median(cli),
        ratio,
        ratioRange,
        runs
      }
    },
    bundle: {
      startFiles: startFiles.size,
      startBytes: start.bytes,
      startGzipBytes: start.gzip,
      files: chunks.length,
      allBytes: all.bytes
    },
    targets: { startupRatio: `≤ ${target}×` },
    pass: { startupRatio: ratio <= target }
  }
}
