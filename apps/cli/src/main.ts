#!/usr/bin/env node
/**
 * The `jobscope` executable: runs the command line, stops polling cleanly on
 * Ctrl-C (exit 130) or when whatever reads its output has gone (a closed
 * pipe, as in `jobscope … | head -1`: exit 141, quietly, as Unix tools end),
 * and exits with the command's code.
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
// Node ignores SIGPIPE: a write to a closed pipe is an 'error' event instead,
// which unheard would crash the process with a stack trace.
let pipeClosed = false
const closedPipe = (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error
  if (pipeClosed) return
  pipeClosed = true
  stop()
}
process.stdout.on("error", closedPipe)
process.stderr.on("error", closedPipe)
fiber.addObserver((exit) => {
  process.exitCode = pipeClosed
    ? ExitCode.brokenPipe
    : exit._tag === "Success"
      ? exit.value
      : Cause.hasInterrupts(exit.cause)
        ? ExitCode.interrupted
        : ExitCode.failure
  process.off("SIGINT", stop)
  process.off("SIGTERM", stop)
})
