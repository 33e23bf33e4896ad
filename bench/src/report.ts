/**
 * What a part shows a reader: aligned tables on stdout, and its figures as
 * `bench/results/<part>.json` with the date and the machine they were measured on.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import { fileURLToPath } from "node:url"
import type { BundleSize } from "./bundle.js"
import type { Options, Throughput } from "./measure.js"

/** A part of the benchmark: `src/<part>.ts`, listed in `src/main.ts`. */
export interface Part {
  /** Measures, prints its tables, and returns its figures. Throws when a contender is wrong, not when it is slow. */
  readonly run: (options: Options) => Promise<PartReport>
}

/** The figures of one part, as written to its results file. */
export interface PartReport {
  readonly throughput?: Record<string, unknown>
  readonly bundle?: Record<string, unknown>
  /** Figures that are neither throughput nor bundle sizes (requests per job, delays, memory). */
  readonly figures?: Record<string, unknown>
  /** The target of each figure that has one. */
  readonly targets: Record<string, unknown>
  /** Whether each target was met. */
  readonly pass: Record<string, boolean>
}

/** How a column is aligned: text left, figures right. */
export type Align = "left" | "right"

/**
 * Formats rows under a header, each column as wide as its widest cell. The
 * first column is aligned left and the others right unless `align` says otherwise.
 */
export const table = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  align: ReadonlyArray<Align> = header.map((_, column) => (column === 0 ? "left" : "right"))
): string => {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length))
  )
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, column) =>
        align[column] === "right" ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)
      )
      .join("  ")
      .trimEnd()
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n")
}

/**
 * The throughput table of a part: one row per contender in the order timed,
 * its ratio to the baseline (headed `ratioHeader`, e.g. "× JSON.parse"), how
 * much that ratio moved between rounds, and its target where `targetOf` gives one.
 */
export const throughputTable = (
  measured: Record<string, Throughput>,
  ratioHeader: string,
  targetOf: (name: string) => string = () => ""
): string =>
  table(
    ["contender", "ops/s", ratioHeader, "per-round range", "target"],
    Object.entries(measured).map(([name, { label, opsPerSecond, ratio, ratioRange }]) => [
      label,
      Math.round(opsPerSecond).toLocaleString("en-US"),
      `${ratio.toFixed(2)}×`,
      `${ratioRange[0].toFixed(2)}–${ratioRange[1].toFixed(2)}`,
      targetOf(name)
    ])
  )

/** Bytes as kilobytes (1 KB = 1024 B) with one decimal. */
export const kb = (bytes: number): string => (bytes / 1024).toFixed(1)

/** A bundle to show, and its gzip-size target in bytes if it has one. */
export interface BundleRow {
  readonly bundle: BundleSize
  readonly target?: number
}

/** The bundle-size table of a part, under a line that says how the sizes were measured. */
export const bundleTable = (rows: ReadonlyArray<BundleRow>): string =>
  `Browser bundle (esbuild: ESM, minified, tree-shaken; gzip -9; 1 KB = 1024 B)\n${table(
    ["entry", "min KB", "min+gzip KB", "target"],
    rows.map(({ bundle, target }) => [
      bundle.label,
      kb(bundle.bytes),
      kb(bundle.gzipBytes),
      target === undefined ? "" : `≤ ${kb(target)}  ${verdict(bundle.gzipBytes <= target)}`
    ])
  )}`

/** What takes the most room in a bundle, largest first. */
export const largestInputsTable = (bundle: BundleSize): string =>
  `Largest inputs of "${bundle.label}" (minified bytes, before gzip)\n${table(
    ["input", "bytes"],
    bundle.topInputs.map(({ path, bytes }) => [path, bytes.toLocaleString("en-US")])
  )}`

/** "PASS" or "MISS", for a target. */
export const verdict = (pass: boolean): string => (pass ? "PASS" : "MISS")

/** The machine a run was measured on, and how busy it was when the run began. */
export const machine = () => {
  const all = cpus()
  return { cpus: all.length, model: all[0]?.model ?? "unknown", loadAverage: loadavg() }
}

/** Writes `bench/results/<part>.json` and returns its path. */
export const writeResults = (
  part: string,
  report: PartReport,
  startedOn: ReturnType<typeof machine>
): string => {
  const directory = fileURLToPath(new URL("../results/", import.meta.url))
  mkdirSync(directory, { recursive: true })
  const path = `${directory}${part}.json`
  const body = { part, date: new Date().toISOString(), node: process.version, machine: startedOn, ...report }
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`)
  return path
}
