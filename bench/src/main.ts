/**
 * `pnpm bench [part…] [--rounds=N] [--round-ms=N]`: runs the named parts (by
 * default all of them), prints their tables and writes `bench/results/<part>.json`.
 * A missed target is reported, not an error; a decoder that is wrong is.
 */
import { defaultOptions, type Options } from "./measure.js"
import { machine, type Part, writeResults } from "./report.js"

/** Every part, by name. A new part is `src/<part>.ts` exporting `run`, and one line here. */
const parts: Record<string, () => Promise<Part>> = {
  cli: () => import("./cli.js"),
  core: () => import("./core.js"),
  render: () => import("./render.js"),
  service: () => import("./service.js"),
  uws: () => import("./uws.js"),
  watch: () => import("./watch.js"),
  web: () => import("./web.js"),
  zod: () => import("./zod.js")
}

const readOptions = (args: ReadonlyArray<string>): Options => {
  const number = (flag: string, fallback: number): number => {
    const value = args.find((arg) => arg.startsWith(`--${flag}=`))?.slice(flag.length + 3)
    if (value === undefined) return fallback
    const parsed = Number(value)
    if (!Number.isInteger(parsed) || parsed < 1)
      throw new Error(`--${flag} must be a positive integer, not ${value}`)
    return parsed
  }
  return {
    rounds: number("rounds", defaultOptions.rounds),
    roundMs: number("round-ms", defaultOptions.roundMs)
  }
}

const args = process.argv.slice(2)
const options = readOptions(args)
const named = args.filter((arg) => !arg.startsWith("--"))
const unknown = named.filter((name) => !(name in parts))
if (unknown.length > 0) {
  console.error(`no such part: ${unknown.join(", ")} (parts: ${Object.keys(parts).join(", ")})`)
  process.exit(2)
}

for (const name of named.length > 0 ? named : Object.keys(parts)) {
  const startedOn = machine()
  console.log(
    `\n== ${name} ==  (${startedOn.cpus} × ${startedOn.model}, load ${startedOn.loadAverage.map((load) => load.toFixed(2)).join(" ")})\n`
  )
  const part = await parts[name]!()
  const report = await part.run(options)
  console.log(`\nwrote ${writeResults(name, report, startedOn)}`)
}
