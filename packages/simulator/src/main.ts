/**
 * The `jobscope-sim` command: starts the simulator, prints where each API
 * is, and stops cleanly on SIGINT or SIGTERM. A usage error (a site
 * directory that cannot be served included) exits 2 naming the flag; a port
 * that cannot be had exits 1.
 */
import { readFileSync } from "node:fs"
import * as Result from "effect/Result"
import * as Faults from "./faults/index.js"
import * as Command from "./internal/command.js"
import * as Server from "./Server.js"
import { type Simulator, start } from "./Simulator.js"
import * as Site from "./Site.js"

const version = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version

const fail = (message: string, code: number) => {
  process.stderr.write(
    `jobscope-sim: ${message}\n${code === 2 ? "Run jobscope-sim --help for usage.\n" : ""}`
  )
  process.exitCode = code
}

const run = async (command: Command.Command & { kind: "run" }) => {
  let sim: Simulator
  try {
    sim = await start(command.options)
  } catch (error) {
    if (error instanceof Faults.FaultError) return fail(`--fault: ${error.message}`, 2)
    if (error instanceof Site.SiteError) return fail(`--site: ${error.message}`, 2)
    if (error instanceof Server.ListenError) return fail(error.message, 1)
    throw error
  }
  process.stdout.write(Command.banner(sim, version))
  const stop = (signal: NodeJS.Signals) => {
    process.off("SIGINT", stop)
    process.off("SIGTERM", stop)
    void sim.close().then(() => {
      process.stdout.write(`jobscope-sim: stopped on ${signal} after ${sim.requests.total()} requests\n`)
    })
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
}

const command = Command.parse(process.argv.slice(2))
if (Result.isFailure(command)) fail(command.failure.message, 2)
else if (command.success.kind === "help") process.stdout.write(Command.usage)
else if (command.success.kind === "version") process.stdout.write(`${version}\n`)
else await run(command.success)
