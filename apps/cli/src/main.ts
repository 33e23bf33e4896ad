#!/usr/bin/env node
/**
 * The `jobscope` executable: runs the command line, stops polling cleanly on
 * Ctrl-C (exit 130), and exits with the command's code.
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Cli from "./Cli.js"
import * as ExitCode from "./ExitCode.js"
import * as Secrets from "./Secrets.js"

declare const __VERSION__: string

Secrets.install()
const fiber = Effect.runFork(Cli.run(process.argv.slice(2), __VERSION__))
const stop = () => {
  process.off("SIGINT", stop)
  process.off("SIGTERM", stop)
  Effect.runFork(Fiber.interrupt(fiber))
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
fiber.addObserver((exit) => {
  process.exitCode =
    exit._tag === "Success"
      ? exit.value
      : Cause.hasInterrupts(exit.cause)
        ? ExitCode.interrupted
        : ExitCode.failure
  process.off("SIGINT", stop)
  process.off("SIGTERM", stop)
})
