/**
 * What Effect's CLI module needs from the platform, on Node 20: arguments
 * and standard streams, the terminal's size, and paths. `@effect/platform-node`
 * would give these but needs Node ≥ 22.19; the CLI reads and writes files
 * with `node:fs` itself, and never spawns processes or prompts.
 */
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Path from "effect/Path"
import { ChildProcessSpawner } from "effect/process"
import * as Sink from "effect/Sink"
import * as Stdio from "effect/Stdio"
import * as Stream from "effect/Stream"
import * as Terminal from "effect/Terminal"

const writeTo = (stream: NodeJS.WriteStream) => () =>
  // biome-ignore lint/suspicious/useIterableCallbackReturn: Effect's Sink.forEach, whose callback returns an Effect
  Sink.forEach((chunk: string | Uint8Array) =>
    Effect.sync(() => {
      stream.write(chunk)
    })
  )

const unavailable = (what: string) => Effect.die(`jobscope does not ${what}`)

/** The process's arguments (after the script), standard streams and whether they are terminals. */
export const stdio = (args: ReadonlyArray<string>): Stdio.Stdio =>
  Stdio.make({
    args: Effect.succeed(args),
    stdout: writeTo(process.stdout),
    stderr: writeTo(process.stderr),
    stdin: Stream.empty,
    stdinIsTerminal: Effect.sync(() => process.stdin.isTTY === true),
    stdoutIsTerminal: Effect.sync(() => process.stdout.isTTY === true),
    stderrIsTerminal: Effect.sync(() => process.stderr.isTTY === true)
  })

/** The terminal, for its size and for help output; jobscope never reads keys from it. */
export const terminal: Terminal.Terminal = Terminal.make({
  columns: Effect.sync(() => process.stdout.columns ?? 80),
  rows: Effect.sync(() => process.stdout.rows ?? 24),
  size: unavailable("watch the terminal's size"),
  readInput: unavailable("read keys"),
  readLine: unavailable("prompt"),
  display: (text) =>
    Effect.sync(() => {
      process.stdout.write(text)
    })
})

/** Everything `Command.run` needs, with `args` as the command line. */
export const layer = (args: ReadonlyArray<string>) =>
  Layer.mergeAll(
    FileSystem.layerNoop({}),
    Path.layer,
    Layer.succeed(Stdio.Stdio, stdio(args)),
    Layer.succeed(Terminal.Terminal, terminal),
    Layer.succeed(
      ChildProcessSpawner.ChildProcessSpawner,
      ChildProcessSpawner.make(() => unavailable("spawn processes"))
    )
  )
